package io.mysql2gp.loader.apply;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.text.CopyText;
import io.mysql2gp.loader.merge.ByteLines;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Explains a data error of an apply statement: finds the first line whose inclusion makes the
 * statement fail (binary search over the lines' ordinals, each try inside a savepoint that is rolled
 * back), then the column whose conversion fails for that line, and names table, column and key.
 * Runs only after a failure, so its extra statements cost nothing on the normal path.
 */
final class FailureLocator {
    /** SQLSTATE classes meaning "this data/table cannot be applied" rather than "try again". */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "42", "44", "0A", "54", "P0", "2F", "38", "39");
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");
    private static final Pattern TEMP_COLUMN = Pattern.compile("column \"c(\\d+)\"");
    private static final AtomicLong PROBE_SEQ = new AtomicLong();

    private final TableApplier.Context g;

    FailureLocator(TableApplier.Context guard) {
        this.g = guard;
    }

    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.length() == 5 && DATA_CLASSES.contains(state.substring(0, 2));
    }

    /**
     * The problem for a failed DELETE/INSERT reading temp table {@code temp} (null: the truncation),
     * called after rolling back to the apply's savepoint; {@code done} are the statements that had
     * succeeded before it in that savepoint (re-run first, so the tries see the same target rows).
     */
    TargetProblem explain(SQLException e, String temp, List<String> done) throws SQLException {
        String table = g.target().displayName();
        if (temp == null) {
            return new TargetProblem(table, serverColumn(e), "target table " + table
                    + " rejected the deletion of all rows (source TRUNCATE): " + serverText(e), e);
        }
        for (String sql : done) {
            TableApplier.execute(g.conn(), sql);
        }
        boolean keys = temp.startsWith("mysql2gp_keys_");
        long total = g.input().upsertRowLines().size() + (keys ? g.input().deleteKeyLines().size() : 0);
        long line = firstFailingLine(keys, temp, total);
        if (line < 0) {
            return new TargetProblem(table, serverColumn(e), "target table " + table + " rejected the "
                    + (keys ? "deletion" : "insertion") + " of changed rows: " + serverText(e), e);
        }
        List<ColumnMapping.Mapped> cols = keys ? keyTableColumns() : g.mapping().columns();
        for (int j = 0; j < cols.size(); j++) {
            SQLException bad = probeColumn(keys, temp, cols, j, line);
            if (bad != null) {
                ColumnMapping.Mapped m = cols.get(j);
                return new TargetProblem(table, m.target().name(), "target table " + table + ", column \""
                        + m.target().name() + "\" (" + m.target().displayType() + ", from source "
                        + m.source().typeText() + "): " + serverText(bad) + "; in the row with key "
                        + describeKey(keys, line), e);
            }
        }
        String col = serverColumn(e);
        return new TargetProblem(table, col, "target table " + table + (col == null ? "" : ", column \"" + col + "\"")
                + " rejected the " + (keys ? "deletion" : "insertion") + " of the row with key "
                + describeKey(keys, line) + ": " + serverText(e), e);
    }

    /** The problem for a failed COPY into a temp table: a staged line that is not valid COPY text. */
    TargetProblem explainCopy(SQLException e, boolean keys, long offset) {
        String table = g.target().displayName();
        String where = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getWhere() : null;
        Matcher m = where == null ? null : COPY_LINE.matcher(where);
        String at = "";
        if (m != null && m.find()) {
            long line = Long.parseLong(m.group(1)) + offset;
            at = " at staged " + (keys ? "key" : "row") + " line " + line + " (key " + describeKey(keys, line) + ")";
        }
        String text = serverText(e);
        Matcher c = TEMP_COLUMN.matcher(text);
        if (c.find()) {
            int i = Integer.parseInt(c.group(1));
            List<Integer> idx = g.mapping().keyIndexes();
            int staged = keys ? (i < idx.size() ? idx.get(i) : -1) : i;
            if (staged >= 0 && staged < g.staged().columns().size()) {
                text += " (c" + i + " holds source column " + g.staged().columns().get(staged).name() + ")";
            }
        }
        return new TargetProblem(table, null, "staged changes for target table " + table + " are not valid COPY text"
                + at + ": " + text, e);
    }

    private long firstFailingLine(boolean keys, String temp, long total) throws SQLException {
        String sql = keys ? ApplySql.deleteByKeys(g.target(), temp, g.mapping(), g.zeroDate(), true)
                : ApplySql.insertRows(g.target(), temp, g.mapping(), g.zeroDate(), true);
        if (total == 0 || tryRun(sql, total) == null) {
            return -1; // the failure does not reproduce line by line
        }
        long lo = 1;
        long hi = total; // invariant: lines 1..hi fail
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (tryRun(sql, mid) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return hi;
    }

    /** Runs {@code sql} with parameter {@code upTo} and rolls it back; the error, or null if it ran. */
    private SQLException tryRun(String sql, long upTo) throws SQLException {
        Savepoint sp = g.conn().setSavepoint();
        try (PreparedStatement ps = g.prepare(sql)) {
            ps.setLong(1, upTo);
            ps.executeUpdate();
            return null;
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            return e;
        } finally {
            g.conn().rollback(sp);
        }
    }

    private SQLException probeColumn(boolean keys, String temp, List<ColumnMapping.Mapped> cols, int j, long line)
            throws SQLException {
        List<String> types = cols.stream().map(c -> c.target().displayType()).toList();
        String probe = "mysql2gp_probe_" + PROBE_SEQ.incrementAndGet();
        String alias = keys ? "k" : "r";
        String sql = "INSERT INTO " + Sql.ident(probe) + " (" + Sql.ident(ApplySql.tempColumn(j)) + ") SELECT "
                + cols.get(j).expression(alias, g.zeroDate()) + " FROM " + Sql.ident(temp) + " " + alias
                + " WHERE " + alias + "." + Sql.ident(ApplySql.ORDINAL) + " = ?";
        Savepoint sp = g.conn().setSavepoint();
        try {
            TableApplier.execute(g.conn(), ApplySql.createProbe(g.dialect(), probe, types));
            return tryRun(sql, line);
        } finally {
            g.conn().rollback(sp);
        }
    }

    /** Key columns re-indexed to the key table's layout (key column i is temp column c_i). */
    private List<ColumnMapping.Mapped> keyTableColumns() {
        List<ColumnMapping.Mapped> out = new ArrayList<>();
        List<ColumnMapping.Mapped> keyCols = g.mapping().keyColumns();
        for (int i = 0; i < keyCols.size(); i++) {
            out.add(new ColumnMapping.Mapped(i, keyCols.get(i).source(), keyCols.get(i).target()));
        }
        return out;
    }

    /** {@code id=5, name='x'} for line {@code n} (1-based) of the key table or the row table. */
    private String describeKey(boolean keys, long n) {
        ByteLines keyLines = g.input().deleteKeyLines();
        ByteLines rowLines = g.input().upsertRowLines();
        List<String> values;
        if (keys && n <= keyLines.size()) {
            values = CopyText.splitLine(keyLines.text((int) n - 1));
        } else {
            long r = keys ? n - keyLines.size() : n;
            if (r < 1 || r > rowLines.size()) {
                return "(line " + n + " unknown)";
            }
            List<String> fields = CopyText.splitLine(rowLines.text((int) r - 1));
            values = g.mapping().keyIndexes().stream().map(i -> i < fields.size() ? fields.get(i) : null).toList();
        }
        List<String> parts = new ArrayList<>();
        List<Integer> keyIdx = g.mapping().keyIndexes();
        for (int i = 0; i < keyIdx.size(); i++) {
            ColumnDef c = g.staged().columns().get(keyIdx.get(i));
            String v = i < values.size() ? values.get(i) : null;
            parts.add(c.name() + "=" + (v == null ? "NULL" : Sql.literal(v)));
        }
        return String.join(", ", parts);
    }

    private static String serverColumn(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getColumn() : null;
    }

    /** The server's message and detail, without the statement (which can be huge). */
    private static String serverText(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String text = m.getMessage() + " (SQLSTATE " + m.getSQLState() + ")";
            return m.getDetail() == null ? text : text + ", " + m.getDetail();
        }
        return e.getMessage();
    }
}

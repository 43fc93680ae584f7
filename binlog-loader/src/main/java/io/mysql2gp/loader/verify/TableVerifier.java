package io.mysql2gp.loader.verify;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.loader.verify.RowSet.Row;
import io.mysql2gp.loader.verify.TableResult.KeyRange;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares one table chunk by chunk: chunk bounds are every N-th primary key of the source, each
 * chunk's checksum is computed in SQL on both sides, and only the rows of differing chunks (plus
 * every {@value #SAMPLE_EVERY}-th chunk of tables with Java-compared columns) are read and compared
 * row by row.
 */
public final class TableVerifier {
    /** Tables with float/jsonb columns: their values are compared in Java in this share of equal-checksum chunks. */
    static final int SAMPLE_EVERY = 10;
    /** Differing rows read whole per table (two queries each); beyond, rows are only counted. */
    static final int MAX_ROWS = 1_000;
    /** Differing rows kept per table (missing/extra ones need no whole-row read); beyond, only counted. */
    static final int MAX_KEPT = 10_000;

    private final Connection mysql;
    private final Connection pg;
    private final ZeroDate zeroDate;
    private final int chunk;
    /** Whole-row reads left for the table being verified, and differing rows found beyond them. */
    private int detailLeft;
    private long unexamined;

    public TableVerifier(Connection mysql, Connection pg, ZeroDate zeroDate, int chunk) {
        this.mysql = mysql;
        this.pg = pg;
        this.zeroDate = zeroDate;
        this.chunk = chunk;
    }

    public TableResult verify(TablePlan plan) throws SQLException {
        List<KeyRange> differing = new ArrayList<>();
        List<RowDiff> rows = new ArrayList<>();
        long sourceRows = 0;
        long targetRows = 0;
        detailLeft = MAX_ROWS;
        unexamined = 0;
        int chunks = 0;
        java.util.Set<List<String>> reported = new java.util.HashSet<>();
        List<String> lower = null;
        String nextSql = VerifySql.mysqlNextBoundary(plan, false);
        String nextSqlFrom = VerifySql.mysqlNextBoundary(plan, true);
        while (true) {
            List<String> upper = nextBoundary(lower == null ? nextSql : nextSqlFrom, lower, plan.keys().size());
            KeyRange range = new KeyRange(lower, upper);
            BigDecimal[] s = checksum(mysql, VerifySql.mysqlChecksum(plan, zeroDate, lower != null, upper != null), range);
            BigDecimal[] t = checksum(pg, VerifySql.pgChecksum(plan, lower != null, upper != null), range);
            sourceRows += s[0].longValueExact();
            targetRows += t[0].longValueExact();
            boolean same = s[0].equals(t[0]) && s[1].equals(t[1]) && s[2].equals(t[2]);
            boolean sample = !plan.javaColumns().isEmpty() && chunks % SAMPLE_EVERY == 0;
            if (!same || sample) {
                // differing checksums without differing rows: float text rounded differently by the two
                // servers' math libraries, or a change applied between the two reads; neither is a difference
                long before = unexamined;
                List<RowDiff> found = compareRows(plan, range);
                found.removeIf(d -> !reported.add(d.key())); // a key the servers order differently shows up twice
                if (!found.isEmpty() || unexamined > before) {
                    differing.add(range);
                    int room = Math.max(0, MAX_KEPT - rows.size());
                    rows.addAll(found.subList(0, Math.min(room, found.size())));
                    unexamined += Math.max(0, found.size() - room);
                }
            }
            chunks++;
            if (upper == null) {
                break;
            }
            lower = upper;
        }
        if (orderMayDiffer(plan)) {
            // the target's ranges by the source's bounds may overlap in the target's order: count it on its own
            try (PreparedStatement ps = pg.prepareStatement("SELECT pg_catalog.count(*) FROM " + plan.pgTable());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                targetRows = rs.getLong(1);
            }
        }
        return new TableResult(plan, plan.source().toString(), sourceRows, targetRows, chunks, differing, rows, unexamined,
                null);
    }

    /** The key {@code chunk} rows after {@code lower} on the source, or null when fewer rows remain. */
    private List<String> nextBoundary(String sql, List<String> lower, int keyCount) throws SQLException {
        try (PreparedStatement ps = mysql.prepareStatement(sql)) {
            int i = bind(ps, 1, VerifySql.boundValues(lower));
            ps.setInt(i, chunk - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> key = new ArrayList<>();
                for (int k = 1; k <= keyCount; k++) {
                    key.add(rs.getString(k));
                }
                return key;
            }
        }
    }

    private static BigDecimal[] checksum(Connection c, String sql, KeyRange range) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, bind(ps, 1, VerifySql.boundValues(range.lower())), VerifySql.boundValues(range.upper()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new BigDecimal[] {new BigDecimal(rs.getString(1)), new BigDecimal(rs.getString(2)),
                    new BigDecimal(rs.getString(3))};
            }
        }
    }

    /**
     * Reads the range's rows on both sides (keys, row hashes and Java-compared values only, so that
     * large values stay on the servers) and returns the keys that differ; the rows of differing
     * keys are then read whole, one by one, to name the differing columns.
     */
    List<RowDiff> compareRows(TablePlan plan, KeyRange range) throws SQLException {
        Map<List<String>, Row> src = read(plan, mysql, VerifySql.mysqlRows(plan, zeroDate,
                VerifySql.mysqlRange(plan, range.lower() != null, range.upper() != null), false), range);
        Map<List<String>, Row> tgt = read(plan, pg, VerifySql.pgRows(plan,
                VerifySql.pgRange(plan, range.lower() != null, range.upper() != null), false), range);
        List<RowDiff> diffs = new ArrayList<>();
        for (Map.Entry<List<String>, Row> e : src.entrySet()) {
            Row s = e.getValue();
            Row t = tgt.remove(e.getKey());
            if (t != null && s.hash().equals(t.hash()) && RowSet.compare(plan, s, t).isEmpty()) {
                continue;
            }
            if (t != null || orderMayDiffer(plan)) {
                if (detailLeft-- <= 0) {
                    unexamined++;
                    continue;
                }
                // differing, or the target may order the key elsewhere (string collations differ): read both whole
                RowDiff d = recheck(plan, new RowDiff(e.getKey(), s.keyLiterals(), RowDiff.Kind.CHANGED, List.of()));
                if (d != null) {
                    diffs.add(d);
                }
            } else {
                diffs.add(new RowDiff(e.getKey(), s.keyLiterals(), RowDiff.Kind.MISSING_ON_TARGET, List.of()));
            }
        }
        for (Map.Entry<List<String>, Row> e : tgt.entrySet()) {
            RowDiff extra = new RowDiff(e.getKey(), e.getValue().keyLiterals(), RowDiff.Kind.EXTRA_ON_TARGET, List.of());
            if (orderMayDiffer(plan) && detailLeft-- <= 0) {
                unexamined++;
                continue;
            }
            RowDiff d = orderMayDiffer(plan) ? recheck(plan, extra) : extra;
            if (d != null) {
                diffs.add(d);
            }
        }
        return diffs;
    }

    /** Numbers, bytes and times sort alike on both sides; text keys follow each server's collation. */
    static boolean orderMayDiffer(TablePlan plan) {
        return plan.keys().stream().anyMatch(k -> switch (k.kind()) {
            case NUMBER, HEX, DATE, DATETIME, TIMESTAMP, TIME -> false;
            default -> true;
        });
    }

    /** Re-reads one key on both sides: the current difference, or null when the rows are now equal. */
    public RowDiff recheck(TablePlan plan, RowDiff diff) throws SQLException {
        Row s = lookUp(plan, mysql, VerifySql.mysqlRows(plan, zeroDate, VerifySql.mysqlKeyEquals(plan)), diff.literals(),
                diff.key());
        Row t = lookUp(plan, pg, VerifySql.pgRows(plan, VerifySql.pgKeyEquals(plan)), diff.literals(), diff.key());
        if (s == null && t == null) {
            return null;
        }
        if (s == null) {
            return new RowDiff(diff.key(), diff.literals(), RowDiff.Kind.EXTRA_ON_TARGET, List.of());
        }
        if (t == null) {
            return new RowDiff(diff.key(), diff.literals(), RowDiff.Kind.MISSING_ON_TARGET, List.of());
        }
        List<RowDiff.ColumnDiff> cols = RowSet.compare(plan, s, t);
        return cols.isEmpty() ? null : new RowDiff(diff.key(), diff.literals(), RowDiff.Kind.CHANGED, cols);
    }

    /**
     * The row whose key's canonical text is exactly {@code key}, looked up by key equality; a
     * case-insensitive collation may match another spelling ('b' finds 'B'), which is not the row.
     */
    private Row lookUp(TablePlan plan, Connection c, String sql, List<String> keyLiterals, List<String> key)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, keyLiterals);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = row(plan, rs);
                    if (RowSet.key(plan, r).equals(key)) {
                        return r;
                    }
                }
                return null;
            }
        }
    }

    private static Map<List<String>, Row> read(TablePlan plan, Connection c, String sql, KeyRange range)
            throws SQLException {
        Map<List<String>, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, bind(ps, 1, VerifySql.boundValues(range.lower())), VerifySql.boundValues(range.upper()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = row(plan, rs);
                    rows.put(RowSet.key(plan, r), r);
                }
            }
        }
        return rows;
    }

    private static Row row(TablePlan plan, ResultSet rs) throws SQLException {
        int i = 1;
        List<String> literals = new ArrayList<>();
        for (int k = 0; k < plan.keys().size(); k++) {
            literals.add(rs.getString(i++));
        }
        String hash = rs.getString(i++);
        List<String> values = new ArrayList<>();
        for (int k = 0; k < plan.columns().size(); k++) {
            values.add(rs.getString(i++));
        }
        List<String> java = new ArrayList<>();
        for (int k = 0; k < plan.javaColumns().size(); k++) {
            java.add(rs.getString(i++));
        }
        return new Row(literals, hash, values, java);
    }

    private static int bind(PreparedStatement ps, int from, List<String> values) throws SQLException {
        if (values == null) {
            return from;
        }
        int i = from;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }
}

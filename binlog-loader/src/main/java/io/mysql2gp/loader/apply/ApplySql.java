package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL text of the apply stage, as pure functions. Only statements PostgreSQL 9.4 (Greenplum 6)
 * and 12+ both accept: no ON CONFLICT, no MERGE, no data-modifying CTEs. Temp tables hold staged
 * values as text in columns {@code c0..cN} (staged column order, or key order for a key table) plus
 * {@code n}, the line's ordinal, used to find an offending line after a failure.
 */
public final class ApplySql {
    /** Name of the ordinal column of temp tables. */
    public static final String ORDINAL = "n";

    private ApplySql() {}

    public static String tempColumn(int i) {
        return "c" + i;
    }

    /**
     * {@code CREATE TEMP TABLE} with {@code columns} text columns and the ordinal, dropped at commit;
     * on a real Greenplum distributed by {@code distributedBy} (temp column indexes; randomly if empty).
     */
    public static String createTemp(Dialect dialect, String name, int columns, List<Integer> distributedBy) {
        StringBuilder sb = new StringBuilder("CREATE TEMP TABLE ").append(Sql.ident(name)).append(" (");
        for (int i = 0; i < columns; i++) {
            sb.append(Sql.ident(tempColumn(i))).append(" text, ");
        }
        sb.append(Sql.ident(ORDINAL)).append(" bigint) ON COMMIT DROP");
        return sb.append(distribution(dialect, distributedBy)).toString();
    }

    /** A temp table with the given column types (display types, with modifiers), for probing values one by one. */
    public static String createProbe(Dialect dialect, String name, List<String> types) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            cols.add(Sql.ident(tempColumn(i)) + " " + types.get(i));
        }
        return "CREATE TEMP TABLE " + Sql.ident(name) + " (" + String.join(", ", cols) + ") ON COMMIT DROP"
                + distribution(dialect, List.of());
    }

    private static String distribution(Dialect dialect, List<Integer> distributedBy) {
        if (!dialect.supportsDistributedBy()) {
            return "";
        }
        if (distributedBy.isEmpty()) {
            return " DISTRIBUTED RANDOMLY";
        }
        return " DISTRIBUTED BY (" + String.join(", ", distributedBy.stream().map(i -> Sql.ident(tempColumn(i)))
                .toList()) + ")";
    }

    public static String copyIn(String name, int columns) {
        StringBuilder sb = new StringBuilder("COPY ").append(Sql.ident(name)).append(" (");
        for (int i = 0; i < columns; i++) {
            sb.append(Sql.ident(tempColumn(i))).append(", ");
        }
        return sb.append(Sql.ident(ORDINAL)).append(") FROM STDIN").toString();
    }

    /** COPY of staged row lines (no ordinal) straight into the target's mapped columns, in staged order. */
    public static String copyIntoTarget(TargetTable target, ColumnMapping mapping) {
        return "COPY " + target.sqlName() + " (" + String.join(", ", mapping.columns().stream()
                .map(m -> Sql.ident(m.target().name())).toList()) + ") FROM STDIN";
    }

    /** Adds the keys of the upserted rows to the key table, numbered after its own {@code offset} lines. */
    public static String keysOfRows(String keys, String rows, List<Integer> keyIndexes, long offset) {
        return keysOfRows(keys, rows, keyIndexes, offset, 0, Long.MAX_VALUE);
    }

    /** As {@link #keysOfRows(String, String, List, long)}, for the row lines {@code afterLine < n <= upToLine} only. */
    public static String keysOfRows(String keys, String rows, List<Integer> keyIndexes, long offset, long afterLine,
            long upToLine) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(Sql.ident(keys)).append(" SELECT ");
        for (int k : keyIndexes) {
            sb.append("r.").append(Sql.ident(tempColumn(k))).append(", ");
        }
        sb.append("r.").append(Sql.ident(ORDINAL)).append(" + ").append(offset).append(" FROM ")
                .append(Sql.ident(rows)).append(" r");
        List<String> conds = new ArrayList<>();
        if (afterLine > 0) {
            conds.add("r." + Sql.ident(ORDINAL) + " > " + afterLine);
        }
        if (upToLine < Long.MAX_VALUE) {
            conds.add("r." + Sql.ident(ORDINAL) + " <= " + upToLine);
        }
        return conds.isEmpty() ? sb.toString() : sb.append(" WHERE ").append(String.join(" AND ", conds)).toString();
    }

    public static String deleteAll(TargetTable target) {
        return "DELETE FROM " + target.sqlName();
    }

    /**
     * Deletes the target rows whose key matches a line of the key table (alias {@code k}, key column
     * {@code i} is {@code c<i>}); with {@code upTo}, only lines {@code n <= ?}.
     */
    public static String deleteByKeys(TargetTable target, String keys, ColumnMapping mapping, ZeroDate zeroDate,
            boolean upTo) {
        List<String> conds = new ArrayList<>();
        List<ColumnMapping.Mapped> keyCols = mapping.keyColumns();
        for (int i = 0; i < keyCols.size(); i++) {
            ColumnMapping.Mapped m = keyCols.get(i);
            ColumnMapping.Mapped asKey = new ColumnMapping.Mapped(i, m.source(), m.target());
            conds.add("t." + Sql.ident(m.target().name()) + " = " + asKey.expression("k", zeroDate));
        }
        if (upTo) {
            conds.add("k." + Sql.ident(ORDINAL) + " <= ?");
        }
        return "DELETE FROM " + target.sqlName() + " AS t USING " + Sql.ident(keys) + " k WHERE "
                + String.join(" AND ", conds);
    }

    /** Inserts the converted rows of the row table (alias {@code r}); with {@code upTo}, only lines {@code n <= ?}. */
    public static String insertRows(TargetTable target, String rows, ColumnMapping mapping, ZeroDate zeroDate,
            boolean upTo) {
        List<String> names = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (ColumnMapping.Mapped m : mapping.columns()) {
            names.add(Sql.ident(m.target().name()));
            exprs.add(m.expression("r", zeroDate));
        }
        return "INSERT INTO " + target.sqlName() + " (" + String.join(", ", names) + ") SELECT "
                + String.join(", ", exprs) + " FROM " + Sql.ident(rows) + " r"
                + (upTo ? " WHERE r." + Sql.ident(ORDINAL) + " <= ?" : "");
    }

    public static String dropTemp(String name) {
        return "DROP TABLE IF EXISTS " + Sql.ident(name);
    }
}

package io.mysql2gp.loader.verify;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pairs a source table's columns with the target table's (matched by name as the loader does) into a {@link TablePlan}. */
public final class TablePlanner {
    private static final String COLUMNS_SQL = "SELECT a.attname, t.typname, pg_catalog.format_type(a.atttypid, NULL)"
            + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String TABLES_SQL = "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')";

    /** A target column: name, base type name, type without modifier. */
    record TargetCol(String name, String base, String type) {}

    /** The plan, or why there is none. */
    public record Planned(TablePlan plan, String problem) {}

    private TablePlanner() {}

    public static Planned plan(TableSchema source, Map<String, String> dataTypes, Connection pg, String schema)
            throws SQLException {
        TableId id = source.id();
        if (!source.hasPrimaryKey()) {
            return new Planned(null, "source table " + id + " has no primary key: verify compares by primary key");
        }
        Optional<String> table = targetTable(pg, schema, id.table());
        if (table.isEmpty()) {
            return new Planned(null, "target table \"" + schema + "\".\"" + id.table() + "\" does not exist");
        }
        List<TargetCol> targetCols = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table.get());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    targetCols.add(new TargetCol(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return pair(source, dataTypes, schema, table.get(), targetCols);
    }

    /** The pure part: every source column needs a target column of the same name (exactly, else ignoring case). */
    static Planned pair(TableSchema source, Map<String, String> dataTypes, String schema, String table,
            List<TargetCol> targetCols) {
        List<VerifyColumn> cols = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ColumnDef c : source.columns()) {
            TargetCol t = match(targetCols, c.name());
            if (t == null) {
                missing.add(c.name());
            } else {
                cols.add(new VerifyColumn(c, dataTypes.getOrDefault(c.name(), c.type().sqlName), t.name(), t.base(),
                        t.type()));
            }
        }
        if (!missing.isEmpty()) {
            return new Planned(null, "target table \"" + schema + "\".\"" + table + "\" lacks column(s) "
                    + String.join(", ", missing.stream().map(m -> "\"" + m + "\"").toList()));
        }
        List<VerifyColumn> keys = source.primaryKey().stream().map(cols::get).toList();
        return new Planned(new TablePlan(source.id(), schema, table, cols, keys), null);
    }

    private static TargetCol match(List<TargetCol> cols, String name) {
        for (TargetCol t : cols) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        for (TargetCol t : cols) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    private static Optional<String> targetTable(Connection pg, String schema, String name) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(TABLES_SQL)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        if (names.contains(name)) {
            return Optional.of(name);
        }
        return names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
    }
}

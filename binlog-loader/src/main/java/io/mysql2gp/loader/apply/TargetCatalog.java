package io.mysql2gp.loader.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a target table's description ({@link TargetTable}) from the target's system catalogs. */
public final class TargetCatalog {
    private static final String SCHEMA_SQL = "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?";
    // the exact name first, then names equal ignoring case (a table created unquoted is lower case)
    private static final String TABLE_SQL = "SELECT c.oid, c.relname FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND pg_catalog.lower(c.relname) = pg_catalog.lower(?) AND c.relkind IN ('r', 'p')"
            + " ORDER BY c.relname = ? DESC, c.relname";
    // A domain is described by its base type (typbasetype) for choosing a conversion, but cast to by its own name.
    private static final String COLUMNS_SQL = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            + " pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.typname),"
            + " b.typname, b.typcategory, a.attnotnull, a.attnum"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace"
            + " JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
            + " WHERE a.attrelid = CAST(? AS pg_catalog.oid) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    private static final String UNIQUE_SQL = "SELECT pg_catalog.array_to_string(i.indkey::pg_catalog.int2[], ',')"
            + " FROM pg_catalog.pg_index i WHERE i.indrelid = CAST(? AS pg_catalog.oid) AND i.indisunique"
            + " AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass o"
            + " WHERE o.oid = ANY (i.indclass::pg_catalog.oid[]) AND NOT o.opcdefault)"
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.generate_series(0, i.indnatts - 1) k"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]"
            + " WHERE a.attcollation <> i.indcollation[k])";

    private TargetCatalog() {}

    /**
     * The description of {@code schema.table}: the table of exactly that name, else the one table
     * whose name matches ignoring case (as columns are matched).
     *
     * @throws TargetProblem when the schema or the table does not exist, or only several tables
     *                       match ignoring case
     */
    public static TargetTable load(Connection conn, String schema, String table) throws SQLException {
        String display = schema + "." + table;
        if (!exists(conn, SCHEMA_SQL, schema)) {
            throw new TargetProblem(display, null, "target schema \"" + schema + "\" does not exist (needed for table "
                    + display + "); create it and the table in the target database");
        }
        long oid;
        String name;
        try (PreparedStatement ps = conn.prepareStatement(TABLE_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new TargetProblem(display, null, "target table " + display
                            + " does not exist; create it in the target database (columns are matched by name)");
                }
                oid = rs.getLong(1);
                name = rs.getString(2);
                if (!name.equals(table) && rs.next()) {
                    throw new TargetProblem(display, null, "target table " + display + " does not exist, and several"
                            + " tables of schema " + schema + " match its name ignoring case (\"" + name + "\", \""
                            + rs.getString(2) + "\"); rename the one to sync to " + table);
                }
            }
        }
        List<TargetColumn> columns = new ArrayList<>();
        Map<Integer, String> attnums = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(COLUMNS_SQL)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TargetColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5).charAt(0), rs.getBoolean(6)));
                    attnums.put(rs.getInt(7), rs.getString(1));
                }
            }
        }
        return new TargetTable(schema, name, columns, distributionKey(conn, oid, attnums),
                uniqueKeys(conn, oid, attnums));
    }

    /**
     * Column sets of the unique indexes whose uniqueness holds at each statement with the columns'
     * own equality (see {@link TargetTable}); INCLUDE columns (PostgreSQL 11+) are listed too, which
     * only makes a set larger, never wrongly unique. SQL that Greenplum 6 (PostgreSQL 9.4) accepts.
     */
    private static List<List<String>> uniqueKeys(Connection conn, long oid, Map<Integer, String> attnums)
            throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(UNIQUE_SQL)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = new ArrayList<>();
                    for (String num : rs.getString(1).split(",")) {
                        String name = attnums.get(Integer.parseInt(num.trim()));
                        if (name == null) {
                            cols = null; // a system column: not a key we can match
                            break;
                        }
                        cols.add(name);
                    }
                    if (cols != null && !cols.isEmpty()) {
                        out.add(cols);
                    }
                }
            }
        }
        return out;
    }

    /** Whether schema {@code schema} exists in the target database. */
    public static boolean schemaExists(Connection conn, String schema) throws SQLException {
        return exists(conn, SCHEMA_SQL, schema);
    }

    private static boolean exists(Connection conn, String sql, String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Greenplum's distribution key: {@code gp_distribution_policy.attrnums} (int2[], Greenplum 6) or
     * {@code distkey} (int2vector, Greenplum 7); none on PostgreSQL or for random distribution.
     */
    private static List<String> distributionKey(Connection conn, long oid, Map<Integer, String> attnums)
            throws SQLException {
        String shape;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'pg_catalog' AND c.relname = 'gp_distribution_policy'"
                        + " AND a.attname IN ('attrnums', 'distkey')")) {
            shape = rs.next() ? rs.getString(1) : null;
        }
        if (shape == null) {
            return List.of();
        }
        // attrnums is int2[] (Greenplum 6), distkey int2vector (Greenplum 7): both print as a list of attnums.
        String sql = "SELECT pg_catalog.array_to_string(p." + shape + "::pg_catalog.int2[], ',')"
                + " FROM pg_catalog.gp_distribution_policy p WHERE p.localoid = CAST(? AS pg_catalog.oid)";
        String list = null;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    list = rs.getString(1);
                }
            }
        }
        List<String> key = new ArrayList<>();
        if (list != null && !list.isBlank()) {
            for (String num : list.split(",")) {
                String name = attnums.get(Integer.parseInt(num.trim()));
                if (name != null) {
                    key.add(name);
                }
            }
        }
        return key;
    }
}

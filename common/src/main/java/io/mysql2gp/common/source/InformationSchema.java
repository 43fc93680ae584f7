package io.mysql2gp.common.source;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads table schemas, collations and table lists from the source's information_schema. */
public final class InformationSchema {
    private static final String COLUMNS_SQL = "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH,"
            + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, IS_NULLABLE"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    private static final String PK_SQL = "SELECT COLUMN_NAME FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX";
    private static final String JSON_CHECK_SQL = "SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
            + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? AND CHECK_CLAUSE LIKE 'json\\_valid(%'";

    private InformationSchema() {
    }

    /** The table's columns in ordinal order and its primary key in index order; missing table: {@link MissingTableException}. */
    public static TableSchema loadTable(Connection c, String db, String table) throws SQLException {
        TableId id = new TableId(db, table);
        Set<String> jsonColumns = jsonCheckedColumns(c, db, table);
        List<ColumnDef> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(column(rs, jsonColumns));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new MissingTableException(id, where(c));
        }
        List<Integer> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PK_SQL)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    int idx = indexOf(columns, name);
                    if (idx < 0) {
                        throw new SourceException("primary key column '" + name + "' of " + id
                                + " is not among its columns (table changed while being read?)", true);
                    }
                    pk.add(idx);
                }
            }
        }
        return new TableSchema(id, columns, pk);
    }

    private static ColumnDef column(ResultSet rs, Set<String> jsonColumns) throws SQLException {
        String name = rs.getString(1);
        String dataType = rs.getString(2);
        String columnType = rs.getString(3);
        MysqlType type = ColumnTypes.typeOf(dataType, jsonColumns.contains(name));
        long charLength = rs.getLong(4);
        int numPrecision = rs.getInt(5);
        int numScale = rs.getInt(6);
        int fsp = rs.getInt(7);
        String charset = rs.getString(8);
        boolean nullable = "YES".equalsIgnoreCase(rs.getString(9));
        int length = 0;
        int precision = 0;
        int scale = 0;
        switch (type) {
            case CHAR, VARCHAR, VARBINARY -> length = (int) Math.min(Integer.MAX_VALUE, charLength);
            case BINARY -> {
                int fixed = ColumnTypes.fixedBinaryLength(dataType);
                length = fixed > 0 ? fixed : (int) Math.min(Integer.MAX_VALUE, charLength);
            }
            case BIT -> length = numPrecision;
            case DECIMAL -> {
                precision = numPrecision;
                scale = numScale;
            }
            case DATETIME, TIMESTAMP, TIME -> scale = fsp;
            default -> { }
        }
        if (type == MysqlType.BINARY || type == MysqlType.VARBINARY || type == MysqlType.BLOB) {
            charset = "binary";
        }
        List<String> labels = type == MysqlType.ENUM || type == MysqlType.SET ? ColumnTypes.labels(columnType) : List.of();
        boolean unsigned = (type.isInteger() || type == MysqlType.DECIMAL || type == MysqlType.FLOAT
                || type == MysqlType.DOUBLE) && ColumnTypes.isUnsigned(columnType);
        return new ColumnDef(name, type, unsigned, length, precision, scale, charset, labels, nullable);
    }

    /** MariaDB JSON columns are LONGTEXT with a {@code json_valid(`col`)} check; absent view on old servers: none. */
    private static Set<String> jsonCheckedColumns(Connection c, String db, String table) {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(JSON_CHECK_SQL)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String clause = rs.getString(1).trim();
                    if (clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
                        names.add(clause.substring("json_valid(`".length(), clause.length() - 2).replace("``", "`"));
                    }
                }
            }
        } catch (SQLException e) {
            // information_schema.CHECK_CONSTRAINTS is missing before MariaDB 10.2.22 / MySQL 8.0.16
        }
        return names;
    }

    /** {@code source host:port} from the connection's URL, for messages. */
    static String where(Connection c) {
        try {
            String url = c.getMetaData().getURL();
            String rest = url.substring(url.indexOf("//") + 2);
            int slash = rest.indexOf('/');
            return "source " + (slash < 0 ? rest : rest.substring(0, slash));
        } catch (SQLException | RuntimeException e) {
            return "the source";
        }
    }

    private static int indexOf(List<ColumnDef> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Collation id to character set name, as the binlog's charset ids need (ids absent in MariaDB 10.10+ aliases skipped). */
    public static Map<Integer, String> loadCollations(Connection c) throws SQLException {
        Map<Integer, String> map = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ID, CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE ID IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                map.put(rs.getInt(1), rs.getString(2));
            }
        }
        return map;
    }

    /** Base tables (and MariaDB system-versioned tables) of {@code db}, sorted by name; views and sequences excluded. */
    public static List<String> listTables(Connection c, String db) throws SQLException {
        return tableNames(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME", db);
    }

    /**
     * Tables of {@code db} that have a primary key, sorted by name; read from STATISTICS, as
     * {@link #loadTable} reads keys (MariaDB 10.11's TABLE_CONSTRAINTS missed the key of a table
     * named {@code t; DROP TABLE x}).
     */
    public static List<String> tablesWithPrimaryKey(Connection c, String db) throws SQLException {
        return tableNames(c, "SELECT DISTINCT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME", db);
    }

    private static List<String> tableNames(Connection c, String sql, String db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}

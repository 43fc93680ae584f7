package io.mysql2gp.loader.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a source table and its target copy into comparable rows: each value is brought to one
 * normal form from its own side's text (MySQL {@code CAST(... AS CHAR)}, PostgreSQL {@code ::text}),
 * floats through doubles, bytes as hex, JSON as a parsed tree, zero dates as NULL.
 */
final class TableComparer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Column(String name, String dataType) {}

    private TableComparer() {}

    private static List<Column> columns(Connection mysql, String db, String table, List<String> key) throws SQLException {
        java.util.Set<String> json = new java.util.HashSet<>();
        try (PreparedStatement ps = mysql.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("json_valid\\(`([^`]+)`\\)")
                            .matcher(rs.getString(1));
                    if (m.find()) {
                        json.add(m.group(1));
                    }
                }
            }
        }
        List<Column> cols = new ArrayList<>();
        try (PreparedStatement ps = mysql.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_KEY FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    cols.add(new Column(name, json.contains(name) ? "json" : rs.getString(2).toLowerCase()));
                    if ("PRI".equals(rs.getString(3))) {
                        key.add(name);
                    }
                }
            }
        }
        return cols;
    }

    /** key text → normalized row, for the source table {@code db.table} (connection must use UTC). */
    static Map<String, List<String>> source(Connection mysql, String db, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        List<Column> cols = columns(mysql, db, table, key);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            String q = "`" + c.name() + "`";
            sql.append(i == 0 ? "" : ", ").append(switch (c.dataType()) {
                case "float", "double" -> "CAST(" + q + " AS DOUBLE)";
                case "bit" -> "BIN(" + q + ")";
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "HEX(" + q + ")";
                default -> "CAST(" + q + " AS CHAR)";
            });
        }
        sql.append(" FROM `").append(db).append("`.`").append(table).append('`');
        try (Statement st = mysql.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00'");
        }
        return read(mysql, sql.toString(), cols, key);
    }

    /** key text → normalized row, for the target table {@code schema.table}, columns named as the source's. */
    static Map<String, List<String>> target(Connection pg, String schema, String table, Connection mysql, String db)
            throws SQLException {
        List<String> key = new ArrayList<>();
        List<Column> cols = columns(mysql, db, table, key);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            String q = "\"" + c.name() + "\"";
            sql.append(i == 0 ? "" : ", ").append(switch (c.dataType()) {
                case "float", "double" -> q + "::float8::text";
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "encode(" + q + ", 'hex')";
                default -> q + "::text";
            });
        }
        sql.append(" FROM \"").append(schema).append("\".\"").append(table).append('"');
        try (Statement st = pg.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("SET extra_float_digits = 3");
        }
        return read(pg, sql.toString(), cols, key);
    }

    private static Map<String, List<String>> read(Connection c, String sql, List<Column> cols, List<String> key)
            throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(cols.size());
                Map<String, String> byName = new LinkedHashMap<>();
                for (int i = 0; i < cols.size(); i++) {
                    String v = normalize(cols.get(i).dataType(), rs.getString(i + 1));
                    row.add(cols.get(i).name() + "=" + v);
                    byName.put(cols.get(i).name(), v);
                }
                StringBuilder k = new StringBuilder();
                for (String kc : key) {
                    k.append(byName.get(kc)).append('|');
                }
                if (out.put(k.toString(), row) != null) {
                    throw new AssertionError("two rows with key " + k + " in: " + sql);
                }
            }
        }
        return out;
    }

    static String normalize(String type, String v) {
        if (v == null) {
            return null;
        }
        switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "year":
                BigDecimal d = new BigDecimal(v).stripTrailingZeros();
                return d.signum() == 0 ? "0" : d.toPlainString();
            case "float", "double":
                double x = Double.parseDouble(v);
                return x == 0 ? "0" : Double.toString(x);
            case "bit":
                return Long.toString(Long.parseUnsignedLong(v, 2));
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
                return HexFormat.of().formatHex(HexFormat.of().parseHex(v.toLowerCase()));
            case "date", "datetime", "timestamp":
                if (v.startsWith("0000") || v.matches("^\\d{4}-00-.*|^\\d{4}-\\d\\d-00.*")) {
                    return null; // zero dates arrive as NULL (zero_date = "null")
                }
                return trimFraction(v.endsWith("+00") ? v.substring(0, v.length() - 3) : v);
            case "time":
                return trimFraction(v);
            case "json":
                try {
                    return JSON.readTree(v).toString();
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + v, e);
                }
            default:
                return v;
        }
    }

    private static String trimFraction(String v) {
        int dot = v.lastIndexOf('.');
        if (dot < 0 || v.indexOf(':') < 0 || dot < v.lastIndexOf(':')) {
            return v;
        }
        String t = v.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}

package io.mysql2gp.miner.it;

import io.mysql2gp.common.text.CopyText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A source table read into canonical key → row lines, with every value formatted by MySQL itself
 * ({@code CAST(col AS CHAR)}), for types whose canonical staging text is MySQL's own text.
 */
public final class SourceSnapshot {
    private SourceSnapshot() {}

    public static Map<String, String> read(Connection c, String db, String table, List<String> columns,
            List<String> keyColumns) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("CAST(`").append(columns.get(i)).append("` AS CHAR)");
        }
        sql.append(" FROM `").append(db).append("`.`").append(table).append('`');
        Map<String, String> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(CopyText.escape(rs.getString(i)));
                }
                List<String> key = new ArrayList<>();
                for (String k : keyColumns) {
                    key.add(row.get(columns.indexOf(k)));
                }
                out.put(String.join("\t", key), String.join("\t", row));
            }
        }
        return out;
    }
}

package io.mysql2gp.common.staging;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.schema.TableSchemaJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the staged table schema versions ({@code mysql2gp.table_schema}); shared by miner and loader. */
public final class StagedSchemas {
    private StagedSchemas() {}

    /** All stored table schema versions by id, in id order. */
    public static Map<Integer, TableSchema> load(Connection c) throws SQLException {
        Map<Integer, TableSchema> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT schema_id, db, tbl, columns::text, primary_key::text FROM "
                        + StagingSchema.TABLE_SCHEMA + " ORDER BY schema_id")) {
            while (rs.next()) {
                TableId id = new TableId(rs.getString(2), rs.getString(3));
                out.put(rs.getInt(1), TableSchemaJson.parse(id, rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }
}

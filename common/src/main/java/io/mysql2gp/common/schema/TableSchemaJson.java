package io.mysql2gp.common.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysql2gp.common.model.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link TableSchema} stored in {@code mysql2gp.table_schema}: {@code columns} is
 * an array of column objects, {@code primary_key} an array of column names.
 */
public final class TableSchemaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Column(String name, String type, boolean unsigned, int length, int precision, int scale,
            String charset, List<String> labels, boolean nullable) {}

    private TableSchemaJson() {}

    public static String columnsJson(TableSchema schema) {
        List<Column> cols = new ArrayList<>();
        for (ColumnDef c : schema.columns()) {
            cols.add(new Column(c.name(), c.type().sqlName, c.unsigned(), c.length(), c.precision(), c.scale(),
                    c.charset(), c.labels(), c.nullable()));
        }
        return write(cols);
    }

    public static String primaryKeyJson(TableSchema schema) {
        return write(schema.primaryKey().stream().map(i -> schema.columns().get(i).name()).toList());
    }

    public static TableSchema parse(TableId id, String columnsJson, String primaryKeyJson) {
        try {
            List<Column> cols = MAPPER.readValue(columnsJson, new TypeReference<List<Column>>() {});
            List<ColumnDef> defs = new ArrayList<>();
            for (Column c : cols) {
                defs.add(new ColumnDef(c.name(), MysqlType.ofSqlName(c.type()), c.unsigned(), c.length(),
                        c.precision(), c.scale(), c.charset(), c.labels(), c.nullable()));
            }
            List<String> pkNames = MAPPER.readValue(primaryKeyJson, new TypeReference<List<String>>() {});
            List<Integer> pk = new ArrayList<>();
            for (String n : pkNames) {
                int idx = -1;
                for (int i = 0; i < defs.size(); i++) {
                    if (defs.get(i).name().equals(n)) {
                        idx = i;
                    }
                }
                if (idx < 0) {
                    throw new IllegalArgumentException("primary key column \"" + n + "\" of " + id + " is not among its columns");
                }
                pk.add(idx);
            }
            return new TableSchema(id, defs, pk);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable staged schema of " + id + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

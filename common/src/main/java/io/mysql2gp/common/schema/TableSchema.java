package io.mysql2gp.common.schema;

import io.mysql2gp.common.model.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The columns of a source table in binlog order, and the primary-key columns (as indexes into
 * {@link #columns}). A table without a primary key has an empty {@link #primaryKey}; its staged
 * "key" is then the whole row image (see {@link #keyColumns()}).
 */
public record TableSchema(TableId id, List<ColumnDef> columns, List<Integer> primaryKey) {
    public TableSchema {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        for (int k : primaryKey) {
            if (k < 0 || k >= columns.size()) {
                throw new IllegalArgumentException("primary key column index " + k + " out of range for " + id);
            }
        }
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** The columns whose values form a change's key: the primary key, or every column if there is none. */
    public List<Integer> keyColumns() {
        if (hasPrimaryKey()) {
            return primaryKey;
        }
        List<Integer> all = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            all.add(i);
        }
        return all;
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}

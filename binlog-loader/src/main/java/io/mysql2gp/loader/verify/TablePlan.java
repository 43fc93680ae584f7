package io.mysql2gp.loader.verify;

import io.mysql2gp.common.model.TableId;
import java.util.List;

/**
 * What verify compares for one table: the source table, the target table, every source column
 * paired with its target column, and the primary-key columns (a subset of {@link #columns}).
 */
public record TablePlan(TableId source, String targetSchema, String targetTable, List<VerifyColumn> columns,
        List<VerifyColumn> keys) {
    public TablePlan {
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("table " + source + " has no primary key");
        }
    }

    public String mysqlTable() {
        return VerifySql.mysqlName(source.db()) + "." + VerifySql.mysqlName(source.table());
    }

    public String pgTable() {
        return VerifySql.pgName(targetSchema) + "." + VerifySql.pgName(targetTable);
    }

    public List<String> mysqlKeyNames() {
        return keys.stream().map(k -> VerifySql.mysqlName(k.name())).toList();
    }

    public List<String> pgKeyNames() {
        return keys.stream().map(k -> VerifySql.pgName(k.targetName())).toList();
    }

    /** Columns whose values SQL cannot render identically on both sides (floats, jsonb): compared in Java. */
    public List<VerifyColumn> javaColumns() {
        return columns.stream().filter(VerifyColumn::javaCompared).toList();
    }

    /** Position of a key column among {@link #columns}. */
    public int columnIndex(VerifyColumn key) {
        return columns.indexOf(key);
    }
}

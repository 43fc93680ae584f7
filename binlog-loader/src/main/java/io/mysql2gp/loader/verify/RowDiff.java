package io.mysql2gp.loader.verify;

import java.util.List;

/**
 * One key whose row differs between source and target.
 *
 * @param key      the key's canonical texts (key-column order), as printed and matched against staging
 * @param literals the key as bindable literals (see {@link VerifySql#mysqlKeyLiteral}), to look the row up again
 * @param kind     missing on the target, extra on the target, or changed
 * @param columns  for {@link Kind#CHANGED}: the differing columns with both values
 */
public record RowDiff(List<String> key, List<String> literals, Kind kind, List<ColumnDiff> columns) {
    /** How the row differs. */
    public enum Kind { MISSING_ON_TARGET, EXTRA_ON_TARGET, CHANGED }

    /** One column's values on both sides (canonical text, or the raw value for Java-compared columns). */
    public record ColumnDiff(String column, String source, String target) {}

    public RowDiff {
        key = List.copyOf(key);
        literals = List.copyOf(literals);
        columns = List.copyOf(columns);
    }
}

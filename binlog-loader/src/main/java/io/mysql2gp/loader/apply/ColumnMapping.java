package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * How the staged columns of one table map onto the target table's columns, each with the SQL
 * expression converting the staged text (temp column {@code c<i>} of alias {@code alias}) to the
 * target type. Target columns without a source column are not mapped (they get their defaults).
 */
public record ColumnMapping(List<Mapped> columns, List<Integer> keyIndexes) {
    /** One staged column (index into the staged schema) and the target column it goes to. */
    public record Mapped(int stagedIndex, ColumnDef source, TargetColumn target) {
        /** The conversion of this column read from temp-table alias {@code alias}. */
        public String expression(String alias, ZeroDate zeroDate) {
            return Conversions.expression(source, target, alias + "." + Sql.ident(ApplySql.tempColumn(stagedIndex)),
                    zeroDate).orElseThrow();
        }
    }

    public ColumnMapping {
        columns = List.copyOf(columns);
        keyIndexes = List.copyOf(keyIndexes);
    }

    /**
     * Maps every staged column by exact name or a unique case-insensitive match.
     *
     * @throws TargetProblem for a staged table without primary key, a staged column missing from the
     *                       target, or a pair of types that can never convert
     */
    public static ColumnMapping of(TableSchema staged, TargetTable target) {
        String table = target.displayName();
        if (!staged.hasPrimaryKey()) {
            throw new TargetProblem(table, null, "source table " + staged.id() + " has no primary key:"
                    + " target table " + table + " cannot be kept in step by key");
        }
        List<Mapped> mapped = new ArrayList<>();
        for (int i = 0; i < staged.columns().size(); i++) {
            ColumnDef src = staged.columns().get(i);
            TargetColumn dst = target.match(src.name()).orElseThrow(() -> new TargetProblem(table, src.name(),
                    "target table " + table + " has no column \"" + src.name() + "\" (source column of "
                            + staged.id() + ", " + src.typeText() + "); add it to the target table"));
            if (Conversions.expression(src, dst, "v", ZeroDate.NULL).isEmpty()) {
                throw new TargetProblem(table, dst.name(), "cannot convert source column " + staged.id() + "."
                        + src.name() + " (" + src.typeText() + ") to target column " + table + "."
                        + dst.name() + " (" + dst.displayType() + ")");
            }
            mapped.add(new Mapped(i, src, dst));
        }
        return new ColumnMapping(mapped, staged.primaryKey());
    }

    /** Whether every staged column can be copied into its target column as it is staged. */
    public boolean copiesAsIs() {
        return columns.stream().allMatch(m -> Conversions.copiesAsIs(m.source(), m.target()));
    }

    /** The mapped key columns, in key order. */
    public List<Mapped> keyColumns() {
        return keyIndexes.stream().map(columns::get).toList();
    }
}

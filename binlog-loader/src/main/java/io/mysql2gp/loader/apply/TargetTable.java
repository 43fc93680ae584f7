package io.mysql2gp.loader.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A target table as the target catalog describes it: its columns in order, on Greenplum its
 * distribution-key columns (empty on PostgreSQL and for randomly distributed tables), and the
 * column sets the target itself keeps unique at once, each with its plain column equality
 * (unique indexes that are immediate, valid, without predicate or expressions, with the default
 * operator classes and the columns' collations).
 */
public record TargetTable(String schema, String table, List<TargetColumn> columns, List<String> distributionKey,
        List<List<String>> uniqueKeys) {
    public TargetTable {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        distributionKey = List.copyOf(distributionKey);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    }

    /** A table whose unique indexes are not known (none are relied upon). */
    public TargetTable(String schema, String table, List<TargetColumn> columns, List<String> distributionKey) {
        this(schema, table, columns, distributionKey, List.of());
    }

    /**
     * Whether the target rejects a second row with the same values in {@code columns}: some unique
     * column set lies within them (two rows equal in all of {@code columns} are equal in that set).
     */
    public boolean enforcesUnique(List<String> columns) {
        return uniqueKeys.stream().anyMatch(columns::containsAll);
    }

    /** {@code schema.table} unquoted, for messages. */
    public String displayName() {
        return schema + "." + table;
    }

    /** {@code "schema"."table"} for SQL text. */
    public String sqlName() {
        return Sql.ident(schema) + "." + Sql.ident(table);
    }

    /**
     * The column for a source column name: the exact name, else the only column whose name equals it
     * ignoring case (MySQL column names are case-insensitive; PostgreSQL tables are usually lower case).
     */
    public Optional<TargetColumn> match(String sourceName) {
        List<TargetColumn> folded = new ArrayList<>();
        String lower = sourceName.toLowerCase(Locale.ROOT);
        for (TargetColumn c : columns) {
            if (c.name().equals(sourceName)) {
                return Optional.of(c);
            }
            if (c.name().toLowerCase(Locale.ROOT).equals(lower)) {
                folded.add(c);
            }
        }
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }
}

package io.mysql2gp.loader.apply;

import java.util.List;

/**
 * The merged changes of one table (one staged schema version) to apply in one go.
 *
 * @param truncated      whether the table was truncated first (all target rows are deleted before the rest)
 * @param deleteKeyLines key images (COPY text lines of the primary-key columns in key order) of rows to delete
 * @param upsertRowLines full row images (COPY text lines in staged column order) of rows that must exist
 *                       afterwards, at most one per key; rows with these keys are deleted first, so an
 *                       updated row whose key did not change need not be listed in {@code deleteKeyLines}
 */
public record ApplyInput(boolean truncated, List<String> deleteKeyLines, List<String> upsertRowLines) {
    public ApplyInput {
        deleteKeyLines = List.copyOf(deleteKeyLines);
        upsertRowLines = List.copyOf(upsertRowLines);
    }
}

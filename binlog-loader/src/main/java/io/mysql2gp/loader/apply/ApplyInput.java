package io.mysql2gp.loader.apply;

import io.mysql2gp.loader.merge.ByteLines;
import java.util.List;
import java.util.Objects;

/**
 * The merged changes of one table (one staged schema version) to apply in one go.
 *
 * @param truncated      whether the table was truncated first (all target rows are deleted before the rest)
 * @param deleteKeyLines key images (COPY text lines of the primary-key columns in key order) of rows to delete
 * @param upsertRowLines full row images (COPY text lines in staged column order) of rows that must exist
 *                       afterwards, at most one per key; rows with these keys are deleted first, so an
 *                       updated row whose key did not change need not be listed in {@code deleteKeyLines}
 * @param newKeyRows     how many of the last {@code upsertRowLines} have keys the source says did not exist
 *                       before (first inserted in these changes): the applier may skip deleting their keys
 *                       when the target itself rejects a duplicate key, falling back to deleting them if
 *                       the target does hold one of them
 */
public record ApplyInput(boolean truncated, ByteLines deleteKeyLines, ByteLines upsertRowLines, int newKeyRows) {
    public ApplyInput {
        Objects.requireNonNull(deleteKeyLines, "deleteKeyLines");
        Objects.requireNonNull(upsertRowLines, "upsertRowLines");
        if (newKeyRows < 0 || newKeyRows > upsertRowLines.size()) {
            throw new IllegalArgumentException("newKeyRows " + newKeyRows + " outside 0.." + upsertRowLines.size());
        }
    }

    /** Input given as text. */
    public ApplyInput(boolean truncated, List<String> deleteKeyLines, List<String> upsertRowLines, int newKeyRows) {
        this(truncated, ByteLines.of(deleteKeyLines), ByteLines.of(upsertRowLines), newKeyRows);
    }

    /** Input whose every upserted row has its key deleted first. */
    public ApplyInput(boolean truncated, List<String> deleteKeyLines, List<String> upsertRowLines) {
        this(truncated, deleteKeyLines, upsertRowLines, 0);
    }
}

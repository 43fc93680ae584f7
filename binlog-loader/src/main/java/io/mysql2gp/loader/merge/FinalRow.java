package io.mysql2gp.loader.merge;

import java.util.Objects;

/**
 * The final image of one key after a batch: key text, the full row line to insert (the staged string
 * itself, not a copy), the schema id describing its column order, and whether the key is new: the
 * source says it did not exist before the batch's first change to it (it was first inserted, or
 * created by a key change, or the table was truncated before), so the target should not have it.
 */
public record FinalRow(String key, String row, int schemaId, boolean newKey) {
    public FinalRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(row, "row");
    }

    /** A row whose key may already exist. */
    public FinalRow(String key, String row, int schemaId) {
        this(key, row, schemaId, false);
    }

    @Override
    public String toString() {
        return "FinalRow[key=" + key + ", schemaId=" + schemaId + "]";
    }
}

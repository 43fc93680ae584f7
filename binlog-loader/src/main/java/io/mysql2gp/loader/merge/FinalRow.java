package io.mysql2gp.loader.merge;

import java.util.Objects;

/**
 * The final image of one key after a batch: key text, the full row line to insert (the staged string
 * itself, not a copy) and the schema id describing its column order.
 */
public record FinalRow(String key, String row, int schemaId) {
    public FinalRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(row, "row");
    }

    @Override
    public String toString() {
        return "FinalRow[key=" + key + ", schemaId=" + schemaId + "]";
    }
}

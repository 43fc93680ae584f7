package io.mysql2gp.loader.merge;

import java.util.Objects;

/** A staged change together with the source table it belongs to (staging column {@code tbl}). */
public record TableChange(String table, Change change) {
    public TableChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(change, "change");
    }
}

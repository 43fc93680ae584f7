package io.mysql2gp.loader.merge;

import io.mysql2gp.common.model.Op;

/**
 * One staged change of one table, as the merge needs it: key and row images are canonical COPY text
 * lines (docs/STAGING.md), and equal key text means the same key.
 *
 * <p>Construction rejects a change whose images do not fit its operation, naming the seq, so that a
 * malformed staging row stops the loader before it reaches the target.
 */
public record Change(long seq, Op op, String keyOld, String keyNew, String rowNew, int schemaId) {
    public Change {
        if (op == null) {
            throw new IllegalArgumentException("staged change seq " + seq + ": op is missing");
        }
        switch (op) {
            case INSERT -> {
                require(seq, op, keyNew, "key_new");
                require(seq, op, rowNew, "row_new");
            }
            case UPDATE -> {
                require(seq, op, keyOld, "key_old");
                require(seq, op, keyNew, "key_new");
                require(seq, op, rowNew, "row_new");
            }
            case DELETE -> require(seq, op, keyOld, "key_old");
            case TRUNCATE -> {
                // a truncate concerns the whole table and carries no images
            }
        }
    }

    public static Change insert(long seq, String key, String row, int schemaId) {
        return new Change(seq, Op.INSERT, null, key, row, schemaId);
    }

    public static Change update(long seq, String keyOld, String keyNew, String row, int schemaId) {
        return new Change(seq, Op.UPDATE, keyOld, keyNew, row, schemaId);
    }

    public static Change delete(long seq, String key, int schemaId) {
        return new Change(seq, Op.DELETE, key, null, null, schemaId);
    }

    public static Change truncate(long seq, int schemaId) {
        return new Change(seq, Op.TRUNCATE, null, null, null, schemaId);
    }

    private static void require(long seq, Op op, String value, String column) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "staged change seq " + seq + ": " + op + " without " + column + " (it is NULL)");
        }
    }

    /** Keys but not the row image, which may be large: for log lines and assertion messages. */
    @Override
    public String toString() {
        return "Change[seq=" + seq + ", op=" + op + ", keyOld=" + keyOld + ", keyNew=" + keyNew
                + ", schemaId=" + schemaId + "]";
    }
}

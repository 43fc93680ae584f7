package io.mysql2gp.common.model;

/** The operation of one staged change; {@link #code} is what the staging table stores. */
public enum Op {
    INSERT('I'),
    UPDATE('U'),
    DELETE('D'),
    TRUNCATE('T'),
    /** DROP or RENAME of the table on the source; {@code row_new} holds the statement. */
    DROP_OR_RENAME('X');

    public final char code;

    Op(char code) {
        this.code = code;
    }

    public static Op ofCode(char c) {
        for (Op op : values()) {
            if (op.code == c) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown staged operation code '" + c + "'");
    }
}

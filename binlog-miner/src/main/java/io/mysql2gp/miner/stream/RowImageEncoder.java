package io.mysql2gp.miner.stream;

import io.mysql2gp.common.schema.TableSchema;
import java.io.Serializable;
import java.util.BitSet;

/** Turns a decoded row image into the canonical COPY lines of docs/STAGING.md. */
public interface RowImageEncoder {
    /** The full row image; {@code included} is the event's included-columns bitmap. */
    String image(TableSchema schema, Serializable[] row, BitSet included);

    /** The key columns ({@link TableSchema#keyColumns()}) of a row image. */
    String key(TableSchema schema, Serializable[] row, BitSet included);
}

package io.mysql2gp.miner.decode;

import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.text.CopyText;
import java.io.Serializable;
import java.util.BitSet;
import java.util.List;

/**
 * Builds the COPY-text row and key images of staged changes from deserialized rows. One instance
 * per thread: it reuses its buffers.
 */
public final class RowEncoder {
    private final ValueEncoder values;
    private final StringBuilder line = new StringBuilder(256);

    public RowEncoder(CharsetNames charsets) {
        this.values = new ValueEncoder(charsets);
    }

    /** Throws {@link PartialRowImageException} unless the event's included-columns bitmap covers every column. */
    public static void requireFullImage(TableSchema schema, BitSet includedColumns) {
        int n = schema.columns().size();
        if (includedColumns.cardinality() != n || includedColumns.nextClearBit(0) < n) {
            throw new PartialRowImageException(schema.id(), includedColumns.cardinality(), n);
        }
    }

    /** All columns, TAB-joined and COPY-escaped ({@code \N} for NULL). */
    public String imageLine(TableSchema schema, Serializable[] row) {
        int n = schema.columns().size();
        if (row.length != n) {
            throw new PartialRowImageException(schema.id(), row.length, n);
        }
        line.setLength(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                line.append('\t');
            }
            CopyText.appendField(line, encode(schema, i, row[i]));
        }
        return line.toString();
    }

    /** The key columns ({@link TableSchema#keyColumns()} order), TAB-joined and COPY-escaped. */
    public String keyLine(TableSchema schema, Serializable[] row) {
        if (!schema.hasPrimaryKey()) {
            return imageLine(schema, row);
        }
        int n = schema.columns().size();
        if (row.length != n) {
            throw new PartialRowImageException(schema.id(), row.length, n);
        }
        List<Integer> key = schema.primaryKey();
        line.setLength(0);
        for (int k = 0; k < key.size(); k++) {
            if (k > 0) {
                line.append('\t');
            }
            int i = key.get(k);
            CopyText.appendField(line, encode(schema, i, row[i]));
        }
        return line.toString();
    }

    private String encode(TableSchema schema, int i, Serializable raw) {
        try {
            return values.encode(schema.columns().get(i), raw);
        } catch (DecodeException e) {
            throw new DecodeException("table " + schema.id() + ": " + e.getMessage(), e.getCause());
        } catch (CharsetNames.UnknownCharsetException e) {
            throw new DecodeException("table " + schema.id() + ", column '" + schema.columns().get(i).name()
                    + "': " + e.getMessage(), e);
        }
    }
}

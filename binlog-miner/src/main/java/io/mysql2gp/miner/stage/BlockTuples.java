package io.mysql2gp.miner.stage;

import io.mysql2gp.common.sql.BinaryCopyFormat;
import io.mysql2gp.common.staging.ChangeBlock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes rows of {@code mysql2gp.change_blocks} as tuples of PostgreSQL's binary COPY format, in the
 * column order (seq, n, txn, last_in_txn, schema_id, tbl, changes, binlog_file, binlog_pos, event_ts),
 * into one growable buffer (the COPY's header and trailer are {@link BinaryCopyFormat}'s). Binary: the
 * server neither parses nor unescapes anything. Pure (no I/O).
 */
public final class BlockTuples {
    private static final int FIELDS = 10;

    private final int initialCapacity;
    private byte[] buf;
    private int size;
    private String lastTable;
    private byte[] lastTableBytes;

    public BlockTuples(int initialCapacity) {
        this.initialCapacity = initialCapacity + 4096;
        this.buf = new byte[this.initialCapacity];
    }

    /** Appends the tuple of one block whose last change has seq {@code lastSeq}. */
    public void block(long lastSeq, ChangeBlock.Builder changes, long txn, boolean lastInTxn, int schemaId, String table,
            String binlogFile, long binlogPos, long eventTimeMillis) {
        if (!table.equals(lastTable)) {
            lastTable = table;
            lastTableBytes = table.getBytes(StandardCharsets.UTF_8);
        }
        byte[] file = binlogFile.getBytes(StandardCharsets.UTF_8);
        ensure(2 + FIELDS * 4 + 8 + 4 + 8 + 1 + 4 + lastTableBytes.length + changes.size() + file.length + 8 + 8);
        int2(FIELDS);
        int4(8);
        int8(lastSeq);
        int4(4);
        int4(changes.changes());
        int4(8);
        int8(txn);
        int4(1);
        buf[size++] = (byte) (lastInTxn ? 1 : 0);
        int4(4);
        int4(schemaId);
        bytes(lastTableBytes, lastTableBytes.length);
        bytes(changes.buffer(), changes.size());
        bytes(file, file.length);
        int4(8);
        int8(binlogPos);
        if (eventTimeMillis > 0) {
            int4(8);
            int8((eventTimeMillis - BinaryCopyFormat.PG_EPOCH_MILLIS) * 1000);
        } else {
            int4(-1); // NULL
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return size;
    }

    /** Empties the buffer (and gives back memory a huge block made it take). */
    public void clear() {
        size = 0;
        if (buf.length > 4 * initialCapacity) {
            buf = new byte[initialCapacity];
        }
    }

    private void bytes(byte[] b, int length) {
        int4(length);
        System.arraycopy(b, 0, buf, size, length);
        size += length;
    }

    private void int2(int v) {
        buf[size] = (byte) (v >>> 8);
        buf[size + 1] = (byte) v;
        size += 2;
    }

    private void int4(int v) {
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    private void int8(long v) {
        int4((int) (v >>> 32));
        int4((int) v);
    }

    private void ensure(long more) {
        if (size + more > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a staged block cannot exceed 2 GB");
        }
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * buf.length, size + more)));
        }
    }
}

package io.mysql2gp.loader.poll;

import io.mysql2gp.common.sql.BinaryCopyFormat;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Parses PostgreSQL's binary COPY format (the output of {@code COPY ... TO STDOUT (FORMAT binary)})
 * from the COPY's data messages, one tuple at a time, without per-field objects: fields are read in
 * place by index.
 *
 * <p>A tuple that lies within one message (PostgreSQL sends one message per tuple) is parsed where it
 * is, in the message's own array, which the driver allocated for this message alone: a caller may keep
 * ranges of it ({@link #tupleInMessage()}) instead of copying them. A tuple spread over several
 * messages (any boundaries are accepted) is first put together in a buffer of the parser's own. Every length
 * is checked, so a truncated or malformed stream fails with an {@link SQLException} (SQLState
 * {@value #BAD_COPY_FORMAT}) saying what was wrong and in which tuple, never with an index error.
 * Pure (no JDBC) so that it can be tested on byte arrays. Not thread-safe.
 */
final class CopyBinaryParser {
    /** Where the bytes come from: the COPY's data messages in order, null at the end. */
    @FunctionalInterface
    interface Source {
        byte[] next() throws SQLException;
    }

    /** SQLState bad_copy_file_format. */
    static final String BAD_COPY_FORMAT = "22P04";
    static final int DEFAULT_BUFFER_SIZE = 1 << 16;

    /**
     * Header flag bits 16..31: bit 16 means OIDs are included (never for a query), the others are
     * reserved for incompatible changes; bits 0..15 are to be ignored.
     */
    private static final int CRITICAL_FLAGS = 0xffff0000;
    /** Largest buffer a Java array reliably holds. */
    private static final int MAX_BUFFER = Integer.MAX_VALUE - 16;

    private final Source source;
    private final int fields;
    /** Field starts relative to {@link #tupleStart}, and lengths (-1 for NULL). */
    private final int[] offsets;
    private final int[] lengths;
    /** The bytes being parsed: {@code buf[pos, limit)} is not parsed yet; a message, or {@link #assembly}. */
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    /** Where tuples spread over messages are put together. */
    private byte[] assembly;
    private int tupleStart;
    private boolean headerRead;
    private boolean ended;
    private boolean sourceEnded;
    private long tuples;

    /** A parser of tuples of exactly {@code fields} fields. */
    CopyBinaryParser(Source source, int fields) {
        this(source, fields, DEFAULT_BUFFER_SIZE);
    }

    CopyBinaryParser(Source source, int fields, int bufferSize) {
        if (fields < 1 || bufferSize < 16) {
            throw new IllegalArgumentException("fields must be >= 1 and bufferSize >= 16, not " + fields + ", "
                    + bufferSize);
        }
        this.source = source;
        this.fields = fields;
        this.offsets = new int[fields];
        this.lengths = new int[fields];
        this.assembly = new byte[bufferSize];
    }

    /**
     * Reads the next tuple; false at the trailer, after checking that nothing follows it (which
     * reads the source to its end).
     */
    boolean next() throws SQLException {
        if (ended) {
            return false;
        }
        if (pos == limit) {
            nextMessage(); // at the end of the source, need() below says where the stream was cut
        }
        tupleStart = pos;
        if (!headerRead) {
            readHeader();
            tupleStart = pos;
        }
        need(2, "a tuple's field count");
        int count = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        if (count == -1) {
            expectEnd();
            ended = true;
            return false;
        }
        if (count != fields) {
            throw malformed("tuple " + (tuples + 1) + " has " + count + " fields, expected " + fields);
        }
        for (int f = 0; f < fields; f++) {
            if (limit - pos < 4) { // the message is built only when more bytes must be fetched
                need(4, "the length of field " + (f + 1));
            }
            int len = int4At(pos);
            pos += 4;
            if (len < -1) {
                throw malformed("field " + (f + 1) + " of tuple " + (tuples + 1) + " has a negative length " + len);
            }
            if (len > 0 && limit - pos < len) {
                need(len, "field " + (f + 1) + " (" + len + " bytes)");
            }
            offsets[f] = pos - tupleStart;
            lengths[f] = len;
            if (len > 0) {
                pos += len;
            }
        }
        tuples++;
        return true;
    }

    /**
     * Whether the current tuple lies in a message of the driver's rather than in the parser's own buffer:
     * then ranges of {@link #buffer()} stay valid after the next tuple, and may be kept without copying.
     */
    boolean tupleInMessage() {
        return buf != assembly;
    }

    /** Takes the next non-empty message as the bytes to parse; false at the end of the source. */
    private boolean nextMessage() throws SQLException {
        for (byte[] m = pull(); m != null; m = pull()) {
            if (m.length > 0) {
                buf = m;
                pos = 0;
                limit = m.length;
                return true;
            }
        }
        return false;
    }

    /** The source's next message; null at its end, and after it. */
    private byte[] pull() throws SQLException {
        if (sourceEnded) {
            return null;
        }
        byte[] m = source.next();
        sourceEnded = m == null;
        return m;
    }

    private void readHeader() throws SQLException {
        need(BinaryCopyFormat.signatureLength(), "the header");
        if (!BinaryCopyFormat.isSignature(buf, pos)) {
            throw malformed("the stream does not start with the binary COPY signature PGCOPY\\n\\377\\r\\n\\0");
        }
        pos += BinaryCopyFormat.signatureLength();
        need(8, "the header");
        int flags = int4At(pos);
        if ((flags & CRITICAL_FLAGS) != 0) {
            throw malformed("the header has unsupported flags 0x" + Integer.toHexString(flags));
        }
        int extension = int4At(pos + 4);
        pos += 8;
        if (extension < 0) {
            throw malformed("the header extension has a negative length " + extension);
        }
        need(extension, "the header extension");
        pos += extension;
        headerRead = true;
    }

    /** After the trailer: the source must end without further bytes. */
    private void expectEnd() throws SQLException {
        long extra = limit - pos;
        pos = limit;
        for (byte[] m = pull(); m != null; m = pull()) {
            extra += m.length;
        }
        if (extra > 0) {
            throw malformed(extra + " bytes follow the trailer after " + tuples + " tuples");
        }
    }

    /**
     * Makes {@code n} bytes from {@link #pos} available, putting the current tuple together in the
     * parser's buffer from as many messages as it takes. The buffer grows with the bytes that arrive,
     * never with a length read from the stream (a wrong length ends in "truncated", not in a huge array).
     */
    private void need(int n, String what) throws SQLException {
        if (limit - pos >= n) {
            return;
        }
        if (buf != assembly || tupleStart > 0) {
            // the tuple so far moves to the start of the buffer
            int keep = limit - tupleStart;
            byte[] target = keep <= assembly.length ? assembly : new byte[grown(assembly.length, keep)];
            System.arraycopy(buf, tupleStart, target, 0, keep);
            assembly = target;
            buf = target;
            pos -= tupleStart;
            limit = keep;
            tupleStart = 0;
        }
        while (limit - pos < n) {
            byte[] m = pull();
            if (m == null) {
                throw malformed("the stream ends " + (limit - pos) + " bytes into " + what + " of "
                        + (headerRead ? "tuple " + (tuples + 1) : "the header") + " (truncated, or no trailer)");
            }
            if (limit + m.length > assembly.length) {
                assembly = Arrays.copyOf(assembly, grown(assembly.length, (long) limit + m.length));
                buf = assembly;
            }
            System.arraycopy(m, 0, assembly, limit, m.length);
            limit += m.length;
        }
    }

    private int grown(int length, long needed) throws SQLException {
        if (needed > MAX_BUFFER) {
            throw malformed("tuple " + (tuples + 1) + " needs " + needed + " bytes, more than a buffer can hold");
        }
        return (int) Math.min(MAX_BUFFER, Math.max(needed, 2L * length));
    }

    private int int4At(int p) {
        return ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
    }

    private long int8At(int p) {
        return ((long) int4At(p) << 32) | (int4At(p + 4) & 0xffffffffL);
    }

    private SQLException malformed(String message) {
        return new SQLException("malformed binary COPY stream: " + message, BAD_COPY_FORMAT);
    }

    /** Tuples read so far (not counting the trailer). */
    long tuples() {
        return tuples;
    }

    /** Whether field {@code f} (0-based) of the current tuple is NULL. */
    boolean isNull(int f) {
        return lengths[f] < 0;
    }

    /** Length in bytes of field {@code f}, -1 for NULL. */
    int length(int f) {
        return lengths[f];
    }

    /** The buffer holding the current tuple; valid until the next {@link #next()}. */
    byte[] buffer() {
        return buf;
    }

    /** Where field {@code f} starts in {@link #buffer()}. */
    int offset(int f) {
        return tupleStart + offsets[f];
    }

    /** A NOT NULL int8 field. */
    long int8(int f) throws SQLException {
        return int8At(fixed(f, 8, "int8"));
    }

    /** A NOT NULL int4 field. */
    int int4(int f) throws SQLException {
        return int4At(fixed(f, 4, "int4"));
    }

    /** A NOT NULL boolean field. */
    boolean bool(int f) throws SQLException {
        return buf[fixed(f, 1, "boolean")] != 0;
    }

    /** A NOT NULL {@code "char"} field, as its byte (0..255). */
    int char1(int f) throws SQLException {
        return buf[fixed(f, 1, "\"char\"")] & 0xff;
    }

    /** A text field decoded as UTF-8, null when NULL. */
    String text(int f) {
        int len = lengths[f];
        return len < 0 ? null : new String(buf, tupleStart + offsets[f], len, StandardCharsets.UTF_8);
    }

    /** Whether text field {@code f} holds exactly {@code bytes} (false when NULL). */
    boolean bytesEqual(int f, byte[] bytes) {
        int len = lengths[f];
        int off = tupleStart + offsets[f];
        return len == bytes.length && Arrays.equals(buf, off, off + len, bytes, 0, len);
    }

    /** A copy of field {@code f}'s bytes (empty when NULL). */
    byte[] bytes(int f) {
        int len = Math.max(0, lengths[f]);
        int off = tupleStart + offsets[f];
        return Arrays.copyOfRange(buf, off, off + len);
    }

    private int fixed(int f, int width, String type) throws SQLException {
        int len = lengths[f];
        if (len != width) {
            throw malformed("field " + (f + 1) + " of tuple " + tuples + " should be a NOT NULL " + type + " of "
                    + width + " bytes but " + (len < 0 ? "is NULL" : "has " + len + " bytes"));
        }
        return tupleStart + offsets[f];
    }
}

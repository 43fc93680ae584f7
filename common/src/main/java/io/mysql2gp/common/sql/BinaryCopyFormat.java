package io.mysql2gp.common.sql;

import java.util.Arrays;

/**
 * The fixed parts of PostgreSQL's binary COPY format, shared by its writer (the miner's staging COPY)
 * and its parser (the loader's staging reader): the signature, the header and trailer a writer sends,
 * and the epoch binary timestamps count from.
 */
public final class BinaryCopyFormat {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** The PostgreSQL epoch, 2000-01-01 00:00:00 UTC, in Unix epoch milliseconds. */
    public static final long PG_EPOCH_MILLIS = 946_684_800_000L;

    private BinaryCopyFormat() {}

    /** Bytes of the signature that starts every binary COPY. */
    public static int signatureLength() {
        return SIGNATURE.length;
    }

    /** Whether {@code buf} holds the signature at {@code off} (the caller made sure the bytes are there). */
    public static boolean isSignature(byte[] buf, int off) {
        return Arrays.equals(buf, off, off + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** What a writer sends first: the signature, flags 0, no header extension. */
    public static byte[] header() {
        return Arrays.copyOf(SIGNATURE, SIGNATURE.length + 8);
    }

    /** What a writer sends last: a field count of -1. */
    public static byte[] trailer() {
        return new byte[] {(byte) 0xff, (byte) 0xff};
    }
}

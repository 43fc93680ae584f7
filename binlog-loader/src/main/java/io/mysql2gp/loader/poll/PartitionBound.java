package io.mysql2gp.loader.poll;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seq range of one range partition of the change log, {@code [from, to)}, parsed from
 * {@code pg_get_expr(relpartbound, oid)}; MINVALUE and MAXVALUE become {@link Long#MIN_VALUE} and
 * {@link Long#MAX_VALUE}.
 */
public record PartitionBound(long from, long to) {
    private static final String VALUE = "\\s*'?\\s*(MINVALUE|MAXVALUE|[+-]?\\d+)\\s*'?\\s*";
    private static final Pattern RANGE = Pattern.compile(
            "\\s*FOR\\s+VALUES\\s+FROM\\s*\\(" + VALUE + "\\)\\s*TO\\s*\\(" + VALUE + "\\)\\s*",
            Pattern.CASE_INSENSITIVE);

    /**
     * The bound of a single-column range partition, or empty for anything else (a DEFAULT
     * partition, a multi-column or non-integer bound, unparsable text): such partitions are never
     * dropped.
     */
    public static Optional<PartitionBound> parse(String expr) {
        if (expr == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(expr);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartitionBound(value(m.group(1)), value(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // beyond bigint: not ours
        }
    }

    private static long value(String v) {
        if (v.equalsIgnoreCase("MINVALUE")) {
            return Long.MIN_VALUE;
        }
        if (v.equalsIgnoreCase("MAXVALUE")) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(v);
    }

    /**
     * Whether every seq this partition can hold is at most {@code appliedSeq}, so it may be
     * dropped: false for a partition open upwards (MAXVALUE) and for the one holding
     * {@code appliedSeq + 1}.
     */
    public boolean fullyAppliedAt(long appliedSeq) {
        return to != Long.MAX_VALUE && to - 1 <= appliedSeq;
    }

    /** Seqs the range spans (saturating). */
    public long width() {
        long w = to - from;
        return w < 0 ? Long.MAX_VALUE : w;
    }

    @Override
    public String toString() {
        return "seqs [" + (from == Long.MIN_VALUE ? "MINVALUE" : from) + ", "
                + (to == Long.MAX_VALUE ? "MAXVALUE" : to) + ")";
    }
}

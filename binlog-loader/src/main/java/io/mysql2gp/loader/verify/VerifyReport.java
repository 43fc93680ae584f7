package io.mysql2gp.loader.verify;

import io.mysql2gp.common.text.CopyText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints verify's findings: per table equal / different (differing key ranges, then differing rows,
 * each marked "different" or "behind" by {@link SyncProgress#behindReason}), then a summary.
 */
public final class VerifyReport {
    /** Rows printed per table; the rest are counted. */
    static final int MAX_ROWS = 100;
    /** Key ranges printed per table. */
    static final int MAX_RANGES = 50;
    private static final int MAX_VALUE = 200;

    /** Totals over all tables. */
    public record Totals(int equal, int different, int behindOnly, int problems, long differentRows, long behindRows) {}

    private VerifyReport() {}

    /** Prints one table and returns {@code [different rows, behind rows]}. */
    public static long[] printTable(PrintStream out, TableResult r, SyncProgress progress) {
        if (r.problem() != null) {
            out.println("table " + r.name() + ": NOT COMPARED: " + r.problem());
            return new long[] {0, 0};
        }
        String head = "table " + r.name() + " -> " + r.plan().pgTable() + ": " + r.sourceRows() + " row(s) on the source, "
                + r.targetRows() + " on the target, " + r.chunks() + " chunk(s)";
        if (r.equal()) {
            out.println(head + ": equal");
            return new long[] {0, 0};
        }
        List<String> lines = new ArrayList<>();
        long different = 0;
        long behind = 0;
        for (RowDiff d : r.rows()) {
            String reason = progress == null ? null : progress.behindReason(r.plan(), d);
            if (reason == null) {
                different++;
            } else {
                behind++;
            }
            if (lines.size() < MAX_ROWS) {
                lines.add(describe(r.plan(), d, reason));
            }
        }
        different += r.unlisted(); // not examined: counted as different
        String verdict = different > 0 || (behind == 0) ? "DIFFERENT" : "BEHIND";
        out.println(head + ": " + verdict + " (" + different + " row(s) different, " + behind + " behind)");
        out.println("  differing key ranges (after .. up to, in " + keyNames(r.plan()) + "): "
                + String.join(", ", r.ranges().stream().limit(MAX_RANGES).map(TableResult.KeyRange::toString).toList())
                + (r.ranges().size() > MAX_RANGES ? " and " + (r.ranges().size() - MAX_RANGES) + " more" : ""));
        lines.forEach(out::println);
        if (r.rows().size() > MAX_ROWS) {
            out.println("  ... and " + (r.rows().size() - MAX_ROWS) + " more differing row(s)");
        }
        if (r.unlisted() > 0) {
            out.println("  ... and " + r.unlisted() + " more differing row(s), not examined (counted as different);"
                    + " verify the ranges above again with --tables " + r.plan().source().table());
        }
        return new long[] {different, behind};
    }

    static String describe(TablePlan plan, RowDiff d, String behindReason) {
        String key = "  key " + keyText(d.key());
        String what = switch (d.kind()) {
            case MISSING_ON_TARGET -> "missing on the target";
            case EXTRA_ON_TARGET -> "extra on the target (not on the source)";
            case CHANGED -> "values differ: " + String.join("; ", d.columns().stream()
                    .map(c -> "column \"" + c.column() + "\" source " + value(c.source()) + ", target " + value(c.target()))
                    .toList());
        };
        return key + ": " + (behindReason == null ? "different: " : "behind: ") + what
                + (behindReason == null ? "" : " [" + behindReason + "]");
    }

    static String keyText(List<String> key) {
        return "(" + String.join(", ", key.stream().map(VerifyReport::value).toList()) + ")";
    }

    /** A value on one line: NULL, or quoted with COPY escapes, shortened when long. */
    static String value(String v) {
        if (v == null) {
            return "NULL";
        }
        String s = CopyText.escape(v).replace("'", "''");
        return "'" + (s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + "...' (" + v.length() + " chars)" : s + "'");
    }

    private static String keyNames(TablePlan plan) {
        return "(" + String.join(", ", plan.keys().stream().map(VerifyColumn::name).toList()) + ")";
    }

    /** The summary lines, with the rules that explain the verdicts. */
    public static void printSummary(PrintStream out, Totals t, SyncProgress progress, int chunk) {
        out.println("summary: " + (t.equal() + t.different() + t.behindOnly() + t.problems()) + " table(s): " + t.equal()
                + " equal, " + t.different() + " different, " + t.behindOnly() + " behind, " + t.problems()
                + " not compared; " + t.differentRows() + " row(s) different, " + t.behindRows() + " row(s) behind");
        out.println("how: rows counted and checksummed in SQL on both sides per chunk of " + chunk + " primary keys,"
                + " rows read only for differing chunks; float/double enter the checksums rounded to 9/15 significant"
                + " digits and are compared exactly (jsonb: parsed) in differing chunks and every "
                + TableVerifier.SAMPLE_EVERY + "th chunk; zero dates compare as the loader stores them (zero_date)");
        if (progress != null) {
            out.println("behind: a differing key counts as behind (expected while syncing, not an error) when staging"
                    + " holds a change of it after the loader's checkpoint (seq " + progress.appliedSeq()
                    + "), or when binlog_miner has not yet read up to the source's binlog position (miner at "
                    + progress.minerPosition() + ", source at " + progress.sourcePosition() + ")");
        }
    }
}

package io.mysql2gp.loader.verify;

import java.util.List;

/**
 * What verify found for one table.
 *
 * @param plan       the table compared (null when it could not be planned, see {@link #problem})
 * @param name       the table's name for messages
 * @param sourceRows rows on the source
 * @param targetRows rows on the target
 * @param chunks     number of key-range chunks compared
 * @param ranges     the key ranges with differing rows
 * @param rows       the differing rows of those ranges (at most {@link TableVerifier#MAX_KEPT})
 * @param unlisted   further differing rows, counted but not examined or kept
 * @param problem    why the table could not be compared (missing target table or column), else null
 */
public record TableResult(TablePlan plan, String name, long sourceRows, long targetRows, int chunks,
        List<KeyRange> ranges, List<RowDiff> rows, long unlisted, String problem) {
    /** A key range (lower exclusive, upper inclusive; null = unbounded), as source key literals. */
    public record KeyRange(List<String> lower, List<String> upper) {
        @Override
        public String toString() {
            return (lower == null ? "(-inf" : "(" + String.join(", ", lower)) + " .. "
                    + (upper == null ? "+inf)" : String.join(", ", upper) + "]");
        }
    }

    public TableResult {
        ranges = List.copyOf(ranges);
        rows = List.copyOf(rows);
    }

    public static TableResult notCompared(String name, String problem) {
        return new TableResult(null, name, 0, 0, 0, List.of(), List.of(), 0, problem);
    }

    public boolean equal() {
        return problem == null && rows.isEmpty() && unlisted == 0;
    }
}

package io.mysql2gp.loader.merge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits one batch of staged changes by table and merges each table's changes with {@link TableMerger}. */
public final class BatchMerger {
    private BatchMerger() {}

    /**
     * Merges a whole batch, given in seq order.
     *
     * @return one merged table per table name, in the order the tables first appear in the batch
     * @throws IllegalArgumentException if a table's changes are out of seq order, naming the table
     */
    public static Map<String, MergedTable> merge(List<TableChange> batch) {
        Map<String, List<Change>> byTable = new LinkedHashMap<>();
        String lastTable = null;
        List<Change> lastList = null;
        for (TableChange tc : batch) {
            // consecutive changes usually hit the same table: skip the lookup then
            if (!tc.table().equals(lastTable)) {
                lastTable = tc.table();
                lastList = byTable.computeIfAbsent(lastTable, t -> new ArrayList<>());
            }
            lastList.add(tc.change());
        }
        Map<String, MergedTable> merged = new LinkedHashMap<>((int) (byTable.size() / 0.75f) + 1);
        for (Map.Entry<String, List<Change>> e : byTable.entrySet()) {
            try {
                merged.put(e.getKey(), TableMerger.merge(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("table `" + e.getKey() + "`: " + ex.getMessage(), ex);
            }
        }
        return Collections.unmodifiableMap(merged);
    }
}

package io.mysql2gp.loader.merge;

/**
 * What a merge did with one table's changes, for batch log lines.
 *
 * <p>{@code keysTouched = rowsToInsert + keysToDelete + netNothingKeys}: every touched key ends
 * present (a row to insert), absent having possibly existed before the batch (a real delete), or
 * absent having been created within the batch (net nothing).
 *
 * @param changesIn every change given, including those made irrelevant by a later truncate
 * @param keysTouched distinct keys touched after the last truncate (the size of the delete list)
 * @param rowsToInsert keys that end present
 * @param keysToDelete keys that end absent and may have existed on the target before the batch
 * @param netNothingKeys keys that end absent and did not exist before the batch as far as the source
 *     tells: first seen as the new key of an INSERT or of a key-changing UPDATE, or touched after a
 *     truncate
 */
public record MergeCounts(int changesIn, int keysTouched, int rowsToInsert, int keysToDelete, int netNothingKeys) {
    @Override
    public String toString() {
        return "changes=" + changesIn + " keys=" + keysTouched + " insert=" + rowsToInsert + " delete="
                + keysToDelete + " net-nothing=" + netNothingKeys;
    }
}

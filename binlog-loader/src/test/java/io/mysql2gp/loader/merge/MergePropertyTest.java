package io.mysql2gp.loader.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random batches over a small key space, checked against {@link TargetModel#replay}: applying the
 * merge to a random target must give what replaying every change one by one gives, and the lists
 * and counters must follow their definitions.
 */
class MergePropertyTest {
    private static final String[] KEYS = {"a", "b", "c", "d", "e", "f"};
    private static final int CASES = 4000;

    /** Any sequence, even one the source could not produce (insert over an existing key...). */
    @Test
    void arbitrarySequencesApplyLikeAReplay() {
        Random random = new Random(20261124);
        for (int i = 0; i < CASES; i++) {
            Map<String, String> initial = randomTarget(random);
            List<Change> changes = arbitrary(random, random.nextInt(25));
            check("arbitrary case " + i, initial, changes, false);
        }
    }

    /** Sequences a MySQL table could have produced from the initial target, so the counters are exact. */
    @Test
    void sourceConsistentSequencesApplyLikeAReplayAndCountExactly() {
        Random random = new Random(4242);
        for (int i = 0; i < CASES; i++) {
            Map<String, String> initial = randomTarget(random);
            List<Change> changes = consistent(random, initial, random.nextInt(25));
            check("consistent case " + i, initial, changes, true);
        }
    }

    private static void check(String name, Map<String, String> initial, List<Change> changes, boolean consistent) {
        String what = name + " " + new TreeMap<>(initial) + " " + changes;
        MergedTable merged = TableMerger.merge(changes);
        Map<String, String> expected = TargetModel.replay(initial, changes);

        Map<String, String> applied = TargetModel.apply(initial, merged);
        assertThat(applied).as(what).isEqualTo(expected);
        assertThat(TargetModel.apply(applied, merged)).as("replayed batch, " + what).isEqualTo(expected);
        int cut = changes.isEmpty() ? 0 : changes.size() / 2;
        int overlapFrom = cut / 2;
        Map<String, String> overlapped = TargetModel.apply(
                TargetModel.apply(initial, TableMerger.merge(changes.subList(0, cut))),
                TableMerger.merge(changes.subList(overlapFrom, changes.size())));
        assertThat(overlapped).as("overlapping batches, " + what).isEqualTo(expected);

        int start = afterLastTruncate(changes);
        assertThat(merged.truncated()).as(what).isEqualTo(start > 0);
        assertThat(merged.deleteKeys()).as(what).containsExactlyElementsOf(touchedInOrder(changes, start));
        assertThat(merged.upserts()).as(what).containsExactlyElementsOf(finalRowsInProducingOrder(changes, start));

        // what the apply is given: the same, as the applier takes it
        TableMerger incremental = new TableMerger();
        changes.forEach(incremental::add);
        MergedPart part = incremental.part();
        Set<String> upserted = new java.util.HashSet<>();
        merged.upserts().forEach(r -> upserted.add(r.key()));
        assertThat(part.truncated()).as(what).isEqualTo(merged.truncated());
        assertThat(part.deleteKeys().texts()).as(what)
                .containsExactlyElementsOf(merged.deleteKeys().stream().filter(k -> !upserted.contains(k)).toList());
        List<String> rowsExistingFirst = new ArrayList<>();
        merged.upserts().stream().filter(r -> !r.newKey()).forEach(r -> rowsExistingFirst.add(r.row()));
        merged.upserts().stream().filter(FinalRow::newKey).forEach(r -> rowsExistingFirst.add(r.row()));
        assertThat(part.rows().texts()).as(what).containsExactlyElementsOf(rowsExistingFirst);
        assertThat(part.newKeyRows()).as(what).isEqualTo((int) merged.upserts().stream().filter(FinalRow::newKey).count());

        MergeCounts counts = merged.counts();
        assertThat(counts.changesIn()).isEqualTo(changes.size());
        assertThat(counts.keysTouched()).as(what).isEqualTo(merged.deleteKeys().size());
        assertThat(counts.rowsToInsert()).as(what).isEqualTo(merged.upserts().size());
        assertThat(counts.rowsToInsert() + counts.keysToDelete() + counts.netNothingKeys())
                .as(what)
                .isEqualTo(counts.keysTouched());
        if (consistent) {
            // before the batch, as far as the source knows: the initial target, or empty after a truncate
            int deleted = 0;
            int netNothing = 0;
            for (String key : merged.deleteKeys()) {
                if (!expected.containsKey(key)) {
                    if (start == 0 && initial.containsKey(key)) {
                        deleted++;
                    } else {
                        netNothing++;
                    }
                }
            }
            assertThat(counts.keysToDelete()).as(what).isEqualTo(deleted);
            assertThat(counts.netNothingKeys()).as(what).isEqualTo(netNothing);
            // the applier may skip deleting a new key first: the source never says a key it had is new
            for (FinalRow r : merged.upserts()) {
                if (r.newKey() && start == 0) {
                    assertThat(initial).as("new key " + r.key() + ", " + what).doesNotContainKey(r.key());
                }
            }
        }
    }

    private static int afterLastTruncate(List<Change> changes) {
        int start = 0;
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i).op() == Op.TRUNCATE) {
                start = i + 1;
            }
        }
        return start;
    }

    private static Set<String> touchedInOrder(List<Change> changes, int start) {
        Set<String> keys = new LinkedHashSet<>();
        for (Change c : changes.subList(start, changes.size())) {
            if (c.keyOld() != null) {
                keys.add(c.keyOld());
            }
            if (c.keyNew() != null) {
                keys.add(c.keyNew());
            }
        }
        return keys;
    }

    /** The last change writing each key that ends present, sorted by position. */
    private static List<FinalRow> finalRowsInProducingOrder(List<Change> changes, int start) {
        Map<String, String> end = TargetModel.replay(Map.of(), changes.subList(start, changes.size()));
        Map<String, Integer> lastWriter = new HashMap<>();
        for (int i = start; i < changes.size(); i++) {
            if (changes.get(i).keyNew() != null) {
                lastWriter.put(changes.get(i).keyNew(), i);
            }
        }
        List<Integer> writers = new ArrayList<>();
        for (String key : end.keySet()) {
            writers.add(lastWriter.get(key));
        }
        writers.sort(Comparator.naturalOrder());
        // a key is new when its first touch after the last truncate creates it (or a truncate came first)
        Map<String, Boolean> firstTouchCreates = new HashMap<>();
        for (Change c : changes.subList(start, changes.size())) {
            if (c.keyOld() != null) {
                firstTouchCreates.putIfAbsent(c.keyOld(), false);
            }
            if (c.keyNew() != null) {
                firstTouchCreates.putIfAbsent(c.keyNew(), true);
            }
        }
        List<FinalRow> rows = new ArrayList<>();
        for (int i : writers) {
            Change c = changes.get(i);
            rows.add(new FinalRow(c.keyNew(), c.rowNew(), c.schemaId(), start > 0 || firstTouchCreates.get(c.keyNew())));
        }
        return rows;
    }

    private static Map<String, String> randomTarget(Random random) {
        Map<String, String> t = new HashMap<>();
        for (String k : KEYS) {
            if (random.nextBoolean()) {
                t.put(k, "init-" + k);
            }
        }
        return t;
    }

    private static List<Change> arbitrary(Random random, int n) {
        List<Change> out = new ArrayList<>(n);
        long seq = 1 + random.nextInt(1000);
        for (int i = 0; i < n; i++) {
            seq += 1 + random.nextInt(3);
            String k = key(random);
            int schemaId = 1 + random.nextInt(2);
            int dice = random.nextInt(100);
            if (dice < 30) {
                out.add(Change.insert(seq, k, "r" + seq, schemaId));
            } else if (dice < 55) {
                out.add(Change.update(seq, k, k, "r" + seq, schemaId));
            } else if (dice < 72) {
                out.add(Change.update(seq, k, key(random), "r" + seq, schemaId));
            } else if (dice < 97) {
                out.add(Change.delete(seq, k, schemaId));
            } else {
                out.add(Change.truncate(seq, schemaId));
            }
        }
        return out;
    }

    /** Inserts only absent keys, updates and deletes only present ones, key changes only to absent keys. */
    private static List<Change> consistent(Random random, Map<String, String> initial, int n) {
        List<Change> out = new ArrayList<>(n);
        Map<String, String> source = new HashMap<>(initial);
        long seq = 1;
        while (out.size() < n) {
            seq++;
            String k = key(random);
            String other = key(random);
            int dice = random.nextInt(100);
            Change c;
            if (dice < 3) {
                c = Change.truncate(seq, 1);
            } else if (!source.containsKey(k)) {
                c = Change.insert(seq, k, "r" + seq, 1);
            } else if (dice < 40) {
                c = Change.update(seq, k, k, "r" + seq, 1);
            } else if (dice < 65 && !source.containsKey(other)) {
                c = Change.update(seq, k, other, "r" + seq, 1);
            } else {
                c = Change.delete(seq, k, 1);
            }
            out.add(c);
            source = TargetModel.replay(source, List.of(c));
        }
        return out;
    }

    private static String key(Random random) {
        return KEYS[random.nextInt(KEYS.length)];
    }
}

package io.mysql2gp.loader.merge;

import static io.mysql2gp.loader.merge.Script.changes;
import static io.mysql2gp.loader.merge.Script.render;
import static io.mysql2gp.loader.merge.Script.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merge rules. Each case: the target before the batch, the batch's changes of one table (seq
 * 1, 2, 3...: {@code I key row}, {@code U oldKey newKey row}, {@code D key}, {@code T}, {@code @n} =
 * schema id), the merge result, and the target after applying it, which must also be what replaying
 * the changes one by one gives.
 */
class TableMergerTest {
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("an insert makes the key present with its row",
                        "", List.of("I a r1"),
                        "delete a; insert a=r1", "a=r1"),
                rule("an insert followed by updates inserts only the last image",
                        "", List.of("I a r1", "U a a r2", "U a a r3"),
                        "delete a; insert a=r3", "a=r3"),
                rule("two updates of one key keep the last image",
                        "a=r0", List.of("U a a r1", "U a a r2"),
                        "delete a; insert a=r2", "a=r2"),
                rule("an update followed by a delete deletes the key",
                        "a=r0 z=r9", List.of("U a a r1", "D a"),
                        "delete a; insert -", "z=r9"),
                rule("an insert followed by a delete inserts nothing and the harmless delete of its key remains",
                        "z=r9", List.of("I a r1", "D a"),
                        "delete a; insert -", "z=r9"),
                rule("a delete followed by an insert replaces the row",
                        "a=r0", List.of("D a", "I a r1"),
                        "delete a; insert a=r1", "a=r1"),
                rule("a delete and a re-insert with a different row, other keys in between, replace the row",
                        "a=r0", List.of("D a", "I b r1", "I a r2"),
                        "delete a b; insert b=r1 a=r2", "a=r2 b=r1"),
                rule("an update of a key not inserted in the batch replaces the target row",
                        "a=r0", List.of("U a a r1"),
                        "delete a; insert a=r1", "a=r1"),
                rule("an update of a key missing on the target inserts its row",
                        "", List.of("U a a r1"),
                        "delete a; insert a=r1", "a=r1"),
                rule("a delete of a key not inserted in the batch deletes the target row",
                        "a=r0 z=r9", List.of("D a"),
                        "delete a; insert -", "z=r9"),
                rule("a primary key change deletes the old key and inserts the new row",
                        "a=r0", List.of("U a b r1"),
                        "delete a b; insert b=r1", "b=r1"),
                rule("a chain of key changes a to b to c leaves only c present and deletes a and b",
                        "a=r0", List.of("U a b r1", "U b c r2"),
                        "delete a b c; insert c=r2", "c=r2"),
                rule("a key changed and changed back ends at the original key with the last row",
                        "a=r0", List.of("U a b r1", "U b a r2"),
                        "delete a b; insert a=r2", "a=r2"),
                rule("a key change onto a key deleted earlier in the batch replaces that key's row",
                        "a=r0 b=r9", List.of("D b", "U a b r1"),
                        "delete b a; insert b=r1", "b=r1"),
                rule("a swap through a temporary key leaves a and b holding each other's former rows and tmp absent",
                        "a=a:x b=b:y",
                        List.of("U a tmp tmp:x", "U b a a:y", "U tmp b b:x"),
                        "delete a tmp b; insert a=a:y b=b:x", "a=a:y b=b:x"),
                rule("a truncate then inserts empties the table and inserts only the later rows",
                        "a=r0 z=r9", List.of("I b r1", "T", "I c r2"),
                        "truncate; delete c; insert c=r2", "c=r2"),
                rule("changes before a truncate are dropped, key changes and deletes included",
                        "a=r0 z=r9", List.of("U a b r1", "D z", "T", "I a r2"),
                        "truncate; delete a; insert a=r2", "a=r2"),
                rule("only the changes after the last of several truncates count",
                        "z=r9", List.of("I a r1", "T", "I b r2", "T", "I c r3"),
                        "truncate; delete c; insert c=r3", "c=r3"),
                rule("a truncate alone empties the table",
                        "a=r0 z=r9", List.of("T"),
                        "truncate; delete -; insert -", ""),
                rule("rows are inserted in the order of the change that produced their final image",
                        "", List.of("I a r1", "I b r2", "U a a r3"),
                        "delete a b; insert b=r2 a=r3", "a=r3 b=r2"),
                rule("an insert over a key already present in the batch keeps the later row, in its place in the order",
                        "", List.of("I a r1", "I b r2", "I a r3"),
                        "delete a b; insert b=r2 a=r3", "a=r3 b=r2"),
                rule("keys are deleted in first-touch order, old keys of key changes included",
                        "a=r0 c=r8", List.of("I d r1", "U a b r2", "D c", "U d d r3"),
                        "delete d a b c; insert b=r2 d=r3", "b=r2 d=r3"),
                rule("each row keeps the schema id of its own image",
                        "", List.of("I a r1 @1", "I b r2 @2", "U a a r3 @3"),
                        "delete a b; insert b=r2@2 a=r3@3", "a=r3 b=r2"),
                rule("an empty batch changes nothing",
                        "a=r0", List.of(),
                        "delete -; insert -", "a=r0"));
    }

    static Arguments rule(String sentence, String before, List<String> script, String merged, String after) {
        return Arguments.of(sentence, before, script, merged, after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void mergeRule(String sentence, String before, List<String> script, String merged, String after) {
        List<Change> changes = changes(script.toArray(String[]::new));
        MergedTable result = TableMerger.merge(changes);

        assertThat(render(result)).as("merge result").isEqualTo(merged);
        Map<String, String> applied = TargetModel.apply(target(before), result);
        assertThat(render(applied)).as("target after the apply").isEqualTo(after);
        assertThat(render(TargetModel.replay(target(before), changes)))
                .as("target after replaying the changes one by one")
                .isEqualTo(after);
        assertThat(TargetModel.apply(applied, result)).as("applying the same batch again").isEqualTo(applied);
    }

    static Stream<Arguments> counters() {
        return Stream.of(
                Arguments.of("an insert counts one row to insert",
                        List.of("I a r1"), "changes=1 keys=1 insert=1 delete=0 net-nothing=0"),
                Arguments.of("an insert then a delete counts one net-nothing key",
                        List.of("I a r1", "U a a r2", "D a"), "changes=3 keys=1 insert=0 delete=0 net-nothing=1"),
                Arguments.of("an update then a delete counts one key to delete",
                        List.of("U a a r1", "D a"), "changes=2 keys=1 insert=0 delete=1 net-nothing=0"),
                Arguments.of("a chain a to b to c counts a as deleted, b as net nothing and c as inserted",
                        List.of("U a b r1", "U b c r2"), "changes=2 keys=3 insert=1 delete=1 net-nothing=1"),
                Arguments.of("a swap through tmp counts two rows to insert and tmp as net nothing",
                        List.of("U a tmp r1", "U b a r2", "U tmp b r3"),
                        "changes=3 keys=3 insert=2 delete=0 net-nothing=1"),
                Arguments.of("changes before a truncate count as changes in but touch no key",
                        List.of("I a r1", "D b", "T", "I c r2"), "changes=4 keys=1 insert=1 delete=0 net-nothing=0"),
                Arguments.of("a key deleted after a truncate counts as net nothing, the table being empty",
                        List.of("T", "D a", "I b r1", "D b"), "changes=4 keys=2 insert=0 delete=0 net-nothing=2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counters")
    void counter(String sentence, List<String> script, String expected) {
        MergedTable result = TableMerger.merge(changes(script.toArray(String[]::new)));

        assertThat(result.counts()).hasToString(expected);
        assertThat(result.counts().keysTouched()).isEqualTo(result.deleteKeys().size());
        assertThat(result.counts().rowsToInsert()).isEqualTo(result.upserts().size());
    }

    /**
     * Rows are {@code key|u} with a secondary UNIQUE column {@code u}. Row 1 gives up x, row 2 takes x,
     * then row 1 changes again, so row 2's final image comes first: inserting (or upserting) the final
     * rows one by one over the old target would put x twice. Deleting every touched key before
     * inserting any row frees x first, so the apply never sees two rows holding x.
     */
    @Test
    void aSecondaryUniqueValueMovingBetweenRowsIsSafeBecauseAllTouchedKeysAreDeletedBeforeAnyInsert() {
        Map<String, String> before = target("1=1|x 2=2|y");
        List<Change> changes = changes("U 1 1 1|z", "U 2 2 2|x", "U 1 1 1|w");

        MergedTable result = TableMerger.merge(changes);

        assertThat(render(result)).isEqualTo("delete 1 2; insert 2=2|x 1=1|w");
        assertThat(render(applyCheckingUnique(before, result))).isEqualTo("1=1|w 2=2|x");
        assertThat(render(TargetModel.replay(before, changes))).isEqualTo("1=1|w 2=2|x");
        // the same rows upserted one by one, without the deletes first, would collide on x
        MergedTable upsertsOnly = new MergedTable(false, List.of(), result.upserts(), result.counts());
        assertThatThrownBy(() -> applyCheckingUnique(before, upsertsOnly))
                .hasMessageContaining("unique value x");
    }

    /** Like {@link TargetModel#apply}, but each row replaces its key's row and u must stay unique. */
    private static Map<String, String> applyCheckingUnique(Map<String, String> before, MergedTable merged) {
        Map<String, String> t = new HashMap<>(before);
        merged.deleteKeys().forEach(t::remove);
        for (FinalRow r : merged.upserts()) {
            t.remove(r.key());
            String u = r.row().substring(r.row().indexOf('|') + 1);
            for (String other : t.values()) {
                if (other.endsWith("|" + u)) {
                    throw new IllegalStateException("unique value " + u + " already held by " + other);
                }
            }
            t.put(r.key(), r.row());
        }
        return t;
    }

    @Test
    void imagesOfEveryLengthSurviveReplacementAndCompactionExactly() {
        Random random = new Random(7);
        TableMerger m = new TableMerger();
        Map<String, String> expected = new HashMap<>();
        long seq = 0;
        for (int i = 0; i < 200_000; i++) {
            String key = "k" + random.nextInt(1_000);
            // lengths that mostly grow, so that images move and the garbage they leave is compacted
            String row = key + "\t" + "é".repeat(random.nextInt(1 + i / 1_000)) + i;
            if (expected.containsKey(key) && random.nextInt(8) == 0) {
                m.add(Change.delete(++seq, key, 1));
                expected.remove(key);
            } else {
                m.add(expected.containsKey(key) ? Change.update(++seq, key, key, row, 1) : Change.insert(++seq, key, row, 1));
                expected.put(key, row);
            }
        }
        MergedTable result = m.result();
        assertThat(TargetModel.apply(Map.of(), result)).isEqualTo(expected);
        long held = result.deleteKeys().size() * TableMerger.KEY_OVERHEAD_BYTES;
        for (String k : result.deleteKeys()) {
            held += k.length();
        }
        for (String r : expected.values()) {
            held += r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        assertThat(m.heldBytes()).as("keys and final images only").isEqualTo(held);
    }

    @Test
    void theApplyPartListsAbsentKeysAndTheFinalRowsWithNewKeysLast() {
        TableMerger m = new TableMerger();
        changes("U a a ra1", "I n rn1", "D b", "U c d rd1", "U a a ra2", "I x rx", "D x").forEach(m::add);
        MergedPart part = m.part();
        assertThat(part.truncated()).isFalse();
        assertThat(part.deleteKeys().texts()).containsExactly("b", "c", "x");
        assertThat(part.rows().texts()).containsExactly("ra2", "rn1", "rd1");
        assertThat(part.newKeyRows()).isEqualTo(2);
        assertThat(part.counts()).isEqualTo(m.result().counts());

        TableMerger t = new TableMerger();
        changes("I a r1", "T", "U b b r2", "D c").forEach(t::add);
        MergedPart afterTruncate = t.part();
        assertThat(afterTruncate.truncated()).isTrue();
        assertThat(afterTruncate.deleteKeys().texts()).containsExactly("c");
        assertThat(afterTruncate.rows().texts()).containsExactly("r2");
        assertThat(afterTruncate.newKeyRows()).as("nothing existed after the truncate").isEqualTo(1);
    }

    @Test
    void changesOutOfSeqOrderAreRejectedNamingBothSeqs() {
        List<Change> changes = List.of(Change.insert(7, "a", "r1", 1), Change.delete(5, "a", 1));

        assertThatThrownBy(() -> TableMerger.merge(changes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("changes out of seq order: seq 5 comes after seq 7");
    }

    @Test
    void aRepeatedSeqIsRejected() {
        List<Change> changes = List.of(Change.insert(7, "a", "r1", 1), Change.delete(7, "a", 1));

        assertThatThrownBy(() -> TableMerger.merge(changes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq 7 comes after seq 7");
    }

    @Test
    void aListWithoutIndexedAccessMergesLikeAnyOther() {
        List<Change> changes = new LinkedList<>(changes("I a r1", "U a b r2"));

        assertThat(render(TableMerger.merge(changes))).isEqualTo("delete a b; insert b=r2");
    }

    @Test
    void heldBytesCountTheTouchedKeysAndFinalImagesNotTheChanges() {
        TableMerger m = new TableMerger();
        long perKey = TableMerger.KEY_OVERHEAD_BYTES + 1;
        m.add(Change.insert(1, "a", "a\t1234", 1));
        assertThat(m.heldBytes()).isEqualTo(perKey + 6);
        for (int i = 2; i < 1_000; i++) {
            m.add(Change.update(i, "a", "a", "a\t" + (1000 + i), 1));
        }
        assertThat(m.heldBytes()).as("one key, one final image").isEqualTo(perKey + 6);
        m.add(Change.update(1_000, "a", "b", "b\t1", 1));
        assertThat(m.heldBytes()).as("both keys touched, one image").isEqualTo(2 * perKey + 3);
        m.add(Change.delete(1_001, "b", 1));
        assertThat(m.heldBytes()).isEqualTo(2 * perKey);
        m.add(Change.truncate(1_002, 1));
        assertThat(m.heldBytes()).as("nothing before a truncate matters").isZero();
        m.add(Change.insert(1_003, "c", "c\t9", 1));
        assertThat(m.changesIn()).isEqualTo(1_003);
        assertThat(render(m.result())).isEqualTo("truncate; delete c; insert c=c\t9");
    }

    @Test
    void aMergerResetForReuseMergesLikeANewOne() {
        TableMerger m = new TableMerger();
        changes("I a " + "x".repeat(100_000), "T", "U b c r1", "I d r2").forEach(m::add);
        m.reset();
        assertThat(m.changesIn()).isZero();
        assertThat(m.heldBytes()).isZero();
        List<Change> changes = changes("U a a r3", "I e r4", "D b");
        changes.forEach(m::add);
        assertThat(m.result()).isEqualTo(TableMerger.merge(changes));
        assertThat(m.part().truncated()).isFalse();
    }

    @Test
    void aResetKeepsTheMemoryOfAnOrdinaryPartButGivesBackWhatAHugeOneTook() {
        TableMerger m = new TableMerger();
        for (int i = 1; i <= 10_000; i++) {
            m.add(Change.insert(i, "k" + i, "k" + i + "\tsome row text", 1));
        }
        long ordinary = m.retainedBytes();
        m.reset();
        assertThat(m.retainedBytes()).as("kept for the next part").isEqualTo(ordinary);
        for (int i = 1; i <= 400_000; i++) {
            m.add(Change.insert(i, "k" + i, "k" + i + "\t" + "x".repeat(40), 1));
        }
        long huge = m.retainedBytes();
        assertThat(huge).isGreaterThan(30L << 20);
        m.reset();
        assertThat(m.retainedBytes()).as("the largest of a huge part's arrays are not kept").isLessThan(huge / 3);
        m.add(Change.insert(1, "a", "a\t1", 1));
        assertThat(render(m.result())).isEqualTo("delete a; insert a=a\t1");
    }

    @Test
    void changesAddedOneByOneMergeLikeTheWholeList() {
        List<Change> changes = changes("I a r1", "U a b r2", "I c r3", "D c", "T", "I d r4", "U d d r5");
        TableMerger m = new TableMerger();
        changes.forEach(m::add);

        assertThat(m.result()).isEqualTo(TableMerger.merge(changes));
    }

    /** A million changes on ten thousand keys: the final image of each key; the timeout only catches a non-linear merge. */
    @Test
    @Timeout(60)
    void aMillionChangesOnTenThousandKeysMergeToTheLastImageOfEachKey() {
        int keys = 10_000;
        int n = 1_000_000;
        String[] keyText = new String[keys];
        for (int k = 0; k < keys; k++) {
            keyText[k] = Integer.toString(k);
        }
        List<Change> changes = new ArrayList<>(n);
        String[] last = new String[keys];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(keys);
            if (last[k] != null && random.nextInt(10) == 0) {
                changes.add(Change.delete(i + 1, keyText[k], 1));
                last[k] = null;
            } else {
                String row = keyText[k] + "\t" + i;
                changes.add(last[k] == null
                        ? Change.insert(i + 1, keyText[k], row, 1)
                        : Change.update(i + 1, keyText[k], keyText[k], row, 1));
                last[k] = row;
            }
        }

        MergedTable result = TableMerger.merge(changes);

        Map<String, String> expected = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            if (last[k] != null) {
                expected.put(keyText[k], last[k]);
            }
        }
        assertThat(TargetModel.apply(Map.of(), result)).isEqualTo(expected);
        assertThat(result.counts().changesIn()).isEqualTo(n);
        assertThat(result.counts().keysTouched()).isEqualTo(keys);
    }
}

package io.mysql2gp.common.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeBlockTest {
    record C(Op op, String keyOld, String keyNew, String rowNew) {}

    private static List<C> roundTrip(List<C> changes) throws Exception {
        ChangeBlock.Builder b = new ChangeBlock.Builder();
        for (C c : changes) {
            b.add(c.op(), c.keyOld(), c.keyNew(), c.rowNew());
        }
        assertThat(b.changes()).isEqualTo(changes.size());
        // read from an array with other bytes around the block, as from a COPY buffer
        byte[] framed = new byte[b.size() + 7];
        Arrays.fill(framed, (byte) 0x55);
        System.arraycopy(b.buffer(), 0, framed, 3, b.size());
        ChangeBlock.Reader r = new ChangeBlock.Reader().reset(framed, 3, b.size());
        List<C> out = new ArrayList<>();
        while (r.next()) {
            assertThat(r.index()).isEqualTo(out.size());
            out.add(new C(r.op(), r.keyOld(), r.keyNew(), r.rowNew()));
        }
        return out;
    }

    @Test
    void everyOperationReadsBackWithTheImagesItImplies() throws Exception {
        List<C> changes = List.of(
                new C(Op.INSERT, null, "1", "1\tcafé\t\\N"),
                new C(Op.UPDATE, "1", "1", "1\tthé 😀"),
                new C(Op.UPDATE, "1", "2", "2\tx"),
                new C(Op.DELETE, "2", null, null),
                new C(Op.TRUNCATE, null, null, null),
                new C(Op.DROP_OR_RENAME, null, null, "DROP TABLE `t`"),
                new C(Op.INSERT, null, "", ""));
        assertThat(roundTrip(changes)).isEqualTo(changes);
    }

    @Test
    void anUpdateThatKeepsItsKeyStoresTheKeyOnceAndSaysSo() throws Exception {
        ChangeBlock.Builder b = new ChangeBlock.Builder();
        b.add(Op.UPDATE, "key-1", "key-1", "row");
        int same = b.size();
        b.reset();
        b.add(Op.UPDATE, "key-1", "key-2", "row");
        assertThat(same).isEqualTo(b.size() - "key-2".length());
        ChangeBlock.Reader r = new ChangeBlock.Reader();
        b.reset();
        b.add(Op.UPDATE, "key-1", "key-1", "row");
        r.reset(b.buffer(), 0, b.size());
        assertThat(r.next()).isTrue();
        assertThat(r.sameKey()).isTrue();
        assertThat(r.keyNewOffset()).isEqualTo(r.keyOldOffset());
        assertThat(r.keyNew()).isEqualTo("key-1");
    }

    @Test
    void anEmptyBlockHasNoChanges() throws Exception {
        assertThat(new ChangeBlock.Reader().reset(new byte[4], 2, 0).next()).isFalse();
    }

    @Test
    void randomChangesOfEverySizeReadBack() throws Exception {
        Random rnd = new Random(42);
        List<C> changes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String k = Integer.toString(rnd.nextInt(100));
            String row = "x".repeat(rnd.nextInt(rnd.nextInt(10) == 0 ? 70_000 : 50)) + (char) (0x20 + rnd.nextInt(2000));
            changes.add(switch (rnd.nextInt(4)) {
                case 0 -> new C(Op.INSERT, null, k, row);
                case 1 -> new C(Op.UPDATE, k, rnd.nextBoolean() ? k : k + "b", row);
                case 2 -> new C(Op.DELETE, k, null, null);
                default -> new C(Op.TRUNCATE, null, null, null);
            });
        }
        assertThat(roundTrip(changes)).isEqualTo(changes);
    }

    @Test
    void aBlockIsFullAtItsTargetSizeOrItsMostChanges() {
        ChangeBlock.Builder b = new ChangeBlock.Builder();
        b.add(Op.INSERT, null, "1", "x".repeat(ChangeBlock.TARGET_BYTES - 20));
        assertThat(b.full()).isFalse();
        b.add(Op.INSERT, null, "2", "y".repeat(20));
        assertThat(b.full()).isTrue();
        b.reset();
        assertThat(b.size()).isZero();
        for (int i = 0; i < ChangeBlock.MAX_CHANGES - 1; i++) {
            b.add(Op.DELETE, "k", null, null);
        }
        assertThat(b.full()).isFalse();
        b.add(Op.DELETE, "k", null, null);
        assertThat(b.full()).isTrue();
    }

    @Test
    void imagesThatDoNotFitTheOperationAreRefusedAndLeaveNothingBehind() {
        ChangeBlock.Builder b = new ChangeBlock.Builder();
        b.add(Op.INSERT, null, "1", "r");
        int size = b.size();
        assertThatThrownBy(() -> b.add(Op.INSERT, null, null, "r")).hasMessage("INSERT without key_new");
        assertThatThrownBy(() -> b.add(Op.UPDATE, null, "1", "r")).hasMessage("UPDATE without key_old");
        assertThatThrownBy(() -> b.add(Op.DELETE, "1", "1", null)).hasMessage("DELETE with a key_new image");
        assertThatThrownBy(() -> b.add(Op.TRUNCATE, null, null, "r")).hasMessage("TRUNCATE with a row_new image");
        assertThat(b.size()).isEqualTo(size);
        assertThat(b.changes()).isEqualTo(1);
    }

    @Test
    void malformedBlocksAreReportedNotMisread() {
        assertThat(malformed(new byte[] {'Q'})).contains("change 1 has an unknown op code 81");
        assertThat(malformed(new byte[] {'D', 0, 0})).contains("change 1 (DELETE) ends inside the length of its key_old");
        assertThat(malformed(new byte[] {'D', 0, 0, 0, 5, 'a'}))
                .contains("change 1 (DELETE) has a key_old length of 5 with 1 bytes left in the block");
        assertThat(malformed(new byte[] {'I', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .as("'same key' belongs to updates only").contains("key_new length of -1");
        assertThat(malformed(new byte[] {'T', 'I', 0, 0, 0, 1, 'k', 0, 0, 0}))
                .contains("change 2 (INSERT) ends inside the length of its row_new");
    }

    private static String malformed(byte[] block) {
        ChangeBlock.Reader r = new ChangeBlock.Reader().reset(block, 0, block.length);
        try {
            while (r.next()) {
                // read on
            }
        } catch (ChangeBlock.MalformedBlockException e) {
            return e.getMessage();
        }
        throw new AssertionError("not reported as malformed");
    }
}

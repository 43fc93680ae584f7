package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stream.StagedRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class StagingPurgerIT {
    static final long P = StagingSchema.PARTITION_SIZE;

    Staged staged;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        staged = Staged.create("poll_purge_" + info.getTestMethod().orElseThrow().getName());
    }

    /** Stages 10 one-row transactions after seq {@code P - 3}: seqs P-2..P in p0, P+1..P+7 in p1. */
    long stageAcrossTheFirstBoundary() throws Exception {
        List<List<StagedRow>> txns = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> List.of(Staged.insert("orders", i, "x"))).toList();
        return staged.stage(Staged.startingAfter(P - 3), txns);
    }

    List<String> partitions(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits"
                        + " WHERE inhparent = '" + StagingSchema.CHANGE_BLOCKS + "'::regclass ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void onlyPartitionsWhoseWholeRangeIsAppliedAreDropped() throws Exception {
        assertThat(stageAcrossTheFirstBoundary()).isEqualTo(P + 7);
        try (Connection c = staged.connect()) {
            assertThat(partitions(c)).containsExactly("mysql2gp.change_blocks_p0", "mysql2gp.change_blocks_p1",
                    "mysql2gp.change_blocks_p2", "mysql2gp.change_blocks_p3");
            PurgeResult none = StagingPurger.purge(c, P - 1);
            assertThat(none.dropped()).as("seq P is not applied yet").isEmpty();
            assertThat(none.deferred()).isFalse();

            PurgeResult first = StagingPurger.purge(c, P);
            assertThat(first.dropped()).containsExactly("mysql2gp.change_blocks_p0");
            assertThat(first.rowsEstimate()).isEqualTo(3);
            assertThat(partitions(c)).containsExactly("mysql2gp.change_blocks_p1", "mysql2gp.change_blocks_p2",
                    "mysql2gp.change_blocks_p3");

            assertThat(StagingPurger.purge(c, P + 7).dropped()).as("p1 holds applied rows but is not full").isEmpty();
            assertThat(StagingPurger.purge(c, Long.MAX_VALUE).dropped())
                    .as("never beyond what the miner staged: its partitions made ahead stay").isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(P))) {
                assertThat(StagingCursorIT.readAll(cursor, 100, Long.MAX_VALUE)).extracting(StagedChange::seq)
                        .containsExactly(P + 1, P + 2, P + 3, P + 4, P + 5, P + 6, P + 7);
            }
        }
    }

    @Test
    void severalAppliedPartitionsGoInOneRound() throws Exception {
        List<List<StagedRow>> txns = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> List.of(Staged.insert("orders", i, "x"))).toList();
        try (var w = staged.writer(Staged.startingAfter(P - 2))) {
            Staged.stage(w, txns.subList(0, 3)); // P-1, P, P+1
        }
        try (var w = staged.writer(Staged.startingAfter(2 * P - 1))) {
            Staged.stage(w, txns.subList(3, 6)); // 2P, 2P+1, 2P+2: a later miner run far ahead
        }
        try (Connection c = staged.connect()) {
            PurgeResult r = StagingPurger.purge(c, 2 * P + 1);
            assertThat(r.dropped()).containsExactly("mysql2gp.change_blocks_p0", "mysql2gp.change_blocks_p1");
            assertThat(r.rowsEstimate()).as("p0: seqs P-1..P; p1: P+1..2P with a gap, counted as if full")
                    .isEqualTo(2 + P);
            assertThat(partitions(c)).containsExactly("mysql2gp.change_blocks_p2", "mysql2gp.change_blocks_p3",
                    "mysql2gp.change_blocks_p4");
        }
    }

    @Test
    void aPurgeWhileAnotherTransactionHoldsTheChangeLogIsSkippedAndRetriedLater() throws Exception {
        stageAcrossTheFirstBoundary();
        try (Connection miner = staged.connect(); Connection c = staged.connect()) {
            miner.setAutoCommit(false);
            try (Statement st = miner.createStatement()) {
                st.execute("INSERT INTO " + StagingSchema.CHANGE_BLOCKS + " (seq, n, txn, last_in_txn, schema_id, tbl,"
                        + " changes, binlog_file, binlog_pos) VALUES (" + (P + 8) + ", 1, 1, true, 1, 'orders',"
                        + " mysql2gp.pack_change('T', NULL, NULL, NULL), 'b', 4)");
            }
            long start = System.nanoTime();
            PurgeResult r = StagingPurger.purge(c, P);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.deferred()).isTrue();
            assertThat(r.dropped()).isEmpty();
            assertThat(waitedMillis).as("waited for the lock timeout, not longer").isBetween(1_900L, 10_000L);
            assertThat(partitions(c)).contains("mysql2gp.change_blocks_p0");
            assertThat(c.getAutoCommit()).isTrue();

            miner.commit();
            PurgeResult again = StagingPurger.purge(c, P, Duration.ofMillis(200));
            assertThat(again.deferred()).isFalse();
            assertThat(again.dropped()).containsExactly("mysql2gp.change_blocks_p0");
        }
    }

    @Test
    void anOpenCursorDefersThePurge() throws Exception {
        stageAcrossTheFirstBoundary();
        try (Connection reader = staged.connect(); Connection c = staged.connect()) {
            try (StagingCursor cursor = StagingCursor.open(reader, StagingRange.after(P))) {
                assertThat(cursor.nextChunk(1, Long.MAX_VALUE)).hasSize(1);
                assertThat(StagingPurger.purge(c, P, Duration.ofMillis(200)).deferred()).isTrue();
            }
            assertThat(StagingPurger.purge(c, P, Duration.ofMillis(200)).dropped())
                    .containsExactly("mysql2gp.change_blocks_p0");
        }
    }

    @Test
    void aPartitionThatIsNotASeqRangeIsNeverDropped() throws Exception {
        stageAcrossTheFirstBoundary();
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mysql2gp.change_blocks_other PARTITION OF " + StagingSchema.CHANGE_BLOCKS + " DEFAULT");
            st.execute("CREATE TABLE mysql2gp.\"Changes old\" PARTITION OF " + StagingSchema.CHANGE_BLOCKS
                    + " FOR VALUES FROM (MINVALUE) TO (1)");
            PurgeResult r = StagingPurger.purge(c, P);
            assertThat(r.dropped()).containsExactly("mysql2gp.Changes old", "mysql2gp.change_blocks_p0");
            assertThat(partitions(c)).contains("mysql2gp.change_blocks_other");
        }
    }

    @Test
    void withoutAStagingSchemaThereIsNothingToPurge() throws Exception {
        Staged bare = Staged.bare("poll_purge_bare");
        try (Connection c = bare.connect()) {
            PurgeResult r = StagingPurger.purge(c, 1_000_000_000L);
            assertThat(r.partitions()).isZero();
            assertThat(r.deferred()).isFalse();
        }
    }
}

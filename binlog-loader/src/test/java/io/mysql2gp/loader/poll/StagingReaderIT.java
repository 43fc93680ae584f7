package io.mysql2gp.loader.poll;

import static io.mysql2gp.loader.poll.Staged.EVENT_MILLIS;
import static io.mysql2gp.loader.poll.Staged.delete;
import static io.mysql2gp.loader.poll.Staged.insert;
import static io.mysql2gp.loader.poll.Staged.truncate;
import static io.mysql2gp.loader.poll.Staged.update;
import static io.mysql2gp.loader.poll.StagingCursorIT.readAll;
import static io.mysql2gp.loader.poll.StagingCursorIT.seqs;
import static io.mysql2gp.loader.poll.StagingCursorIT.singleInserts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stage.StagingWriter;
import io.mysql2gp.miner.stream.StagedRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class StagingReaderIT {
    private static final Logger log = LoggerFactory.getLogger(StagingReaderIT.class);

    Staged staged;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        staged = Staged.create("poll_reader_" + info.getTestMethod().orElseThrow().getName());
    }

    static List<StagedChange> read(Connection c, long after, long until, String table) throws SQLException {
        List<StagedChange> out = new ArrayList<>();
        long n = new StagingReader(c).read(after, until, table, out::add);
        assertThat(n).isEqualTo(out.size());
        return out;
    }

    static List<StagedChange> cursor(Connection c, StagingRange range) throws Exception {
        try (StagingCursor cursor = StagingCursor.open(c, range)) {
            return readAll(cursor, 10_000, Long.MAX_VALUE);
        }
    }

    @Test
    void everyColumnOfEveryOpComesBackAsTheCursorReturnsIt() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(
                List.of(insert("orders", 1, "a\\tb"), insert("items", 10, "café 😀 \\\\ \\n")),
                List.of(update("orders", 1, 2, "moved"), delete("items", 10)),
                List.of(truncate("items")),
                List.of(new StagedRow("orders", 1, Op.DROP_OR_RENAME, null, null, "RENAME TABLE orders TO o2",
                        "binlog.000001", 500, 0))));
        try (Connection c = staged.connect()) {
            List<StagedChange> got = read(c, 0, 6, null);
            assertThat(got).containsExactly(
                    new StagedChange(1, 1, false, 1, "orders", Op.INSERT, null, "1", "1\ta\\tb", EVENT_MILLIS),
                    new StagedChange(2, 1, true, 2, "items", Op.INSERT, null, "10", "10\tcafé 😀 \\\\ \\n",
                            EVENT_MILLIS),
                    new StagedChange(3, 2, false, 1, "orders", Op.UPDATE, "1", "2", "2\tmoved", EVENT_MILLIS + 1000),
                    new StagedChange(4, 2, true, 2, "items", Op.DELETE, "10", null, null, 0),
                    new StagedChange(5, 3, true, 2, "items", Op.TRUNCATE, null, null, null, EVENT_MILLIS + 2000),
                    new StagedChange(6, 4, true, 1, "orders", Op.DROP_OR_RENAME, null, null,
                            "RENAME TABLE orders TO o2", 0));
            assertThat(got).isEqualTo(cursor(c, StagingRange.after(0)));
            assertThat(read(c, 0, Long.MAX_VALUE, null)).as("unbounded").isEqualTo(got);
        }
    }

    @Test
    void aTableFilterReadsOnlyThatTableAndKeepsTheTransactionMarks() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(
                List.of(insert("orders", 1, "a"), insert("items", 10, "b")),
                List.of(insert("items", 11, "c"), insert("orders", 2, "d"))));
        try (Connection c = staged.connect()) {
            List<StagedChange> got = read(c, 0, 4, "orders");
            assertThat(got).isEqualTo(cursor(c, StagingRange.after(0).until(4).onlyTable("orders")));
            assertThat(got).extracting(StagedChange::seq, StagedChange::table, StagedChange::lastInTxn)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "orders", false),
                            org.assertj.core.groups.Tuple.tuple(4L, "orders", true));
            assertThat(read(c, 0, 100, "orders")).as("no end check with a filter").hasSize(2);
            assertThat(read(c, 0, 4, "o'rders")).as("a quoted literal").isEmpty();
        }
    }

    @Test
    void boundsAreExclusiveThenInclusive() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(8, 1));
        try (Connection c = staged.connect()) {
            assertThat(seqs(read(c, 2, 5, null))).containsExactly(3L, 4L, 5L);
            assertThat(seqs(read(c, 7, 8, null))).containsExactly(8L);
            assertThat(read(c, 5, 5, null)).as("an empty range").isEmpty();
            assertThatThrownBy(() -> read(c, 5, 4, null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void missingSeqsAreAFatalGapNamingThem() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(5, 1));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            // one source transaction of one row each: one block per change
            st.execute("DELETE FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq IN (3, 4)");
            List<StagedChange> got = new ArrayList<>();
            assertThatThrownBy(() -> new StagingReader(c).read(0, 5, null, got::add))
                    .isInstanceOf(StagingGapException.class)
                    .hasMessageContaining("expected seq 3 next, but the next committed change is seq 5")
                    .hasMessageContaining("changes 3..4 are missing");
            assertThat(seqs(got)).containsExactly(1L, 2L);
            assertThat(seqs(read(c, 0, 5, "orders"))).as("gaps are normal with a table filter")
                    .containsExactly(1L, 2L, 5L);
            st.execute("DELETE FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq = 1");
            assertThatThrownBy(() -> read(c, 0, 5, null)).isInstanceOf(StagingGapException.class)
                    .hasMessageContaining("expected seq 1 next, but the next committed change is seq 2");
        }
    }

    @Test
    void anUntilBeyondTheLastChangeIsAGap() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(5, 1));
        try (Connection c = staged.connect()) {
            assertThatThrownBy(() -> read(c, 2, 9, null)).isInstanceOf(StagingGapException.class)
                    .hasMessageContaining("expected changes up to seq 9, but none is committed after seq 5")
                    .hasMessageContaining("changes 6..9 are missing")
                    .satisfies(e -> assertThat(((StagingGapException) e).expectedSeq()).isEqualTo(6));
            assertThatThrownBy(() -> read(c, 5, 7, null)).isInstanceOf(StagingGapException.class)
                    .hasMessageContaining("changes 6..7 are missing");
        }
    }

    @Test
    void firstTxnEndAfterFindsTheNextTransactionBoundary() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(
                List.of(insert("orders", 1, "a"), insert("orders", 2, "b")),
                List.of(insert("orders", 3, "c")),
                List.of(insert("orders", 4, "d"), insert("orders", 5, "e"))));
        try (Connection c = staged.connect()) {
            StagingReader r = new StagingReader(c);
            assertThat(r.firstTxnEndAfter(0, 10)).isEqualTo(OptionalLong.of(2));
            assertThat(r.firstTxnEndAfter(2, 10)).isEqualTo(OptionalLong.of(3));
            assertThat(r.firstTxnEndAfter(3, 5)).as("the range end is inclusive").isEqualTo(OptionalLong.of(5));
            assertThat(r.firstTxnEndAfter(3, 4)).isEmpty();
            assertThat(r.firstTxnEndAfter(5, 100)).isEmpty();
        }
    }

    @Test
    void aFailingSinkAbortsTheReadAndLeavesTheConnectionUsableInAutocommit() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(50_000, 50));
        try (Connection c = staged.connect()) {
            StagingReader r = new StagingReader(c);
            RuntimeException boom = new IllegalStateException("boom");
            int[] seen = {0};
            assertThatThrownBy(() -> r.read(0, 50_000, null, ch -> {
                if (++seen[0] == 10) {
                    throw boom;
                }
            })).isSameAs(boom);
            SQLException sinkSql = new SQLException("target failed", "08006");
            assertThatThrownBy(() -> r.read(0, 50_000, null, ch -> {
                throw sinkSql;
            })).as("the sink's SQLException is not wrapped").isSameAs(sinkSql);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(r.read(0, 50_000, null, ch -> { })).isEqualTo(50_000);
            assertThat(r.firstTxnEndAfter(0, 10)).hasValue(1);
        }
    }

    @Test
    void aFailingSinkLeavesTheCallersTransactionOpenAndUsable() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(50_000, 50));
        try (Connection c = staged.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE mine (x int)");
            }
            StagingReader r = new StagingReader(c);
            RuntimeException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> r.read(0, 50_000, null, ch -> {
                if (ch.seq() == 100) {
                    throw boom;
                }
            })).isSameAs(boom);
            assertThat(c.getAutoCommit()).isFalse();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM mine")) {
                assertThat(rs.next()).as("the caller's transaction is still open and not aborted").isTrue();
            }
            assertThat(seqs(read(c, 10, 12, null))).containsExactly(11L, 12L);
            c.rollback();
        }
    }

    @Test
    void anUnknownOpCodeNamesTheBlockAndLeavesTheConnectionUsable() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(3, 1));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            st.execute("UPDATE " + StagingSchema.CHANGE_BLOCKS + " SET changes = overlay(changes placing '\\x5a'::bytea"
                    + " from 1 for 1) WHERE seq = 2");
            assertThatThrownBy(() -> read(c, 0, 3, null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("staged block seq 2 (table orders) is malformed: change 1 has an unknown op"
                            + " code 90")
                    .hasMessageContaining("seqs (0, 3] after seq 1")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P04"));
            assertThat(seqs(read(c, 2, 3, null))).containsExactly(3L);
        }
    }

    @Test
    void aBlockWhoseChangesDoNotMatchItsCountIsMalformed() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(List.of(insert("orders", 1, "a"), insert("orders", 2, "b"))));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            st.execute("UPDATE " + StagingSchema.CHANGE_BLOCKS + " SET n = 3, seq = 3 WHERE seq = 2");
            assertThatThrownBy(() -> read(c, 0, 3, null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("staged block seq 3 (table orders) is malformed: it holds 2 changes, not n = 3");
            assertThatThrownBy(() -> cursor(c, StagingRange.after(0))).as("the view checks the count too")
                    .hasMessageContaining("staged block of seqs 1 to 3: it holds 2 changes, not 3");
        }
    }

    @Test
    void rangeBoundsCutBlocksExactlyAndOnlyTheBlocksLastChangeEndsItsTransaction() throws Exception {
        // one source transaction of 9 rows: blocks orders 1..4, items 5..6, orders 7..9
        staged.stage(Staged.startingAfter(0), List.of(List.of(
                insert("orders", 1, "a"), insert("orders", 2, "b"), update("orders", 2, 2, "c"), delete("orders", 1),
                insert("items", 5, "e"), insert("items", 6, "f"),
                insert("orders", 7, "g"), update("orders", 7, 8, "h"), delete("orders", 8))));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT string_agg(seq || ':' || n, ' ' ORDER BY seq) FROM "
                    + StagingSchema.CHANGE_BLOCKS)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("4:4 6:2 9:3");
            }
            List<StagedChange> all = read(c, 0, 9, null);
            assertThat(all).isEqualTo(cursor(c, StagingRange.after(0)));
            assertThat(all).extracting(StagedChange::lastInTxn).containsExactly(false, false, false, false, false,
                    false, false, false, true);
            for (int after = 0; after <= 9; after++) {
                for (int until = after; until <= 9; until++) {
                    assertThat(read(c, after, until, null)).as("(%d, %d]", after, until)
                            .isEqualTo(all.subList(after, until));
                }
            }
            assertThat(seqs(read(c, 1, 8, "orders"))).containsExactly(2L, 3L, 4L, 7L, 8L);
            assertThat(all.get(2).keyNew()).as("an update keeping its key shares the key's String")
                    .isSameAs(all.get(2).keyOld());
        }
    }

    @Test
    void changesStagedBySqlReadAsTheMinersOwn() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(List.of(insert("orders", 1, "x"))));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            // what the migration from one row per change does, and what anyone can do by hand
            st.execute("INSERT INTO " + StagingSchema.CHANGE_BLOCKS + " (seq, n, txn, last_in_txn, schema_id, tbl,"
                    + " changes, binlog_file, binlog_pos, event_ts) VALUES"
                    + " (2, 1, 2, false, 1, 'orders', mysql2gp.pack_change('U', '1', '1', E'1\\tcafé 😀'), 'b', 4, NULL),"
                    + " (3, 1, 2, false, 1, 'orders', mysql2gp.pack_change('U', '1', '2', E'2\\ty'), 'b', 4, NULL),"
                    + " (4, 1, 2, false, 1, 'orders', mysql2gp.pack_change('D', '2', NULL, NULL), 'b', 4, NULL),"
                    + " (5, 1, 2, false, 1, 'orders', mysql2gp.pack_change('T', NULL, NULL, NULL), 'b', 4, NULL),"
                    + " (6, 1, 2, true, 1, 'orders', mysql2gp.pack_change('X', NULL, NULL, 'DROP TABLE orders'), 'b', 4,"
                    + " to_timestamp(" + EVENT_MILLIS / 1000 + "))");
            st.execute("UPDATE " + StagingSchema.MINER_STATE + " SET last_seq = 6, last_txn = 2");
            assertThat(read(c, 1, 6, null)).containsExactly(
                    new StagedChange(2, 2, false, 1, "orders", Op.UPDATE, "1", "1", "1\tcafé 😀", 0),
                    new StagedChange(3, 2, false, 1, "orders", Op.UPDATE, "1", "2", "2\ty", 0),
                    new StagedChange(4, 2, false, 1, "orders", Op.DELETE, "2", null, null, 0),
                    new StagedChange(5, 2, false, 1, "orders", Op.TRUNCATE, null, null, null, 0),
                    new StagedChange(6, 2, true, 1, "orders", Op.DROP_OR_RENAME, null, null, "DROP TABLE orders",
                            EVENT_MILLIS));
            assertThat(read(c, 0, 6, null)).isEqualTo(cursor(c, StagingRange.after(0)));
        }
    }

    @Test
    void aDatabaseErrorNamesTheRangeAndTheTable() throws Exception {
        Staged bare = Staged.bare("poll_reader_bare");
        try (Connection c = bare.connect()) {
            assertThatThrownBy(() -> read(c, 0, 10, null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot read staged changes seqs (0, 10] after seq 0 from mysql2gp.change_blocks")
                    .hasMessageContaining("does not exist");
            assertThatThrownBy(() -> new StagingReader(c).firstTxnEndAfter(0, 10)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("seqs (0, 10] of mysql2gp.change_blocks");
        }
    }

    @Test
    void aLargeReadEqualsTheCursorsChangeForChange() throws Exception {
        int rows = 200_000 * StagingCursorIT.SCALE;
        try (StagingWriter w = staged.writer(Staged.startingAfter(0))) {
            for (int i = 0; i < rows; i++) {
                w.row(i % 1000 < 700 ? insert("orders", i, "a typical row of about sixty characters, ü " + i)
                        : update("items", i, i + 1, "x\\ty " + i));
                if (i % 10 == 9) {
                    w.endSourceTransaction(new BinlogPosition("binlog.000001", 4 + i, null), EVENT_MILLIS + i);
                }
            }
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 4 + rows, null), 0);
            w.commit();
        }
        try (Connection c = staged.connect()) {
            long start = System.nanoTime();
            List<StagedChange> expected = cursor(c, StagingRange.after(0));
            double cursorSeconds = (System.nanoTime() - start) / 1e9;
            double readerSeconds = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) { // the first round warms up the JIT
                start = System.nanoTime();
                long[] last = {0};
                long n = new StagingReader(c).read(0, rows, null, ch -> last[0] = ch.seq());
                readerSeconds = Math.min(readerSeconds, (System.nanoTime() - start) / 1e9);
                assertThat(n).isEqualTo(rows);
                assertThat(last[0]).isEqualTo(rows);
            }
            log.info("staging reader: {} rows in {} s = {} rows/s (best of 3); staging cursor: {} s = {} rows/s",
                    rows, String.format("%.2f", readerSeconds), Math.round(rows / readerSeconds),
                    String.format("%.2f", cursorSeconds), Math.round(rows / cursorSeconds));
            List<StagedChange> got = read(c, 0, rows, null);
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) {
                if (!got.get(i).equals(expected.get(i))) {
                    assertThat(got.get(i)).as("change %d", i).isEqualTo(expected.get(i));
                }
            }
        }
    }
}

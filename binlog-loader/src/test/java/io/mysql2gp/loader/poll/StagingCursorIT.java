package io.mysql2gp.loader.poll;

import static io.mysql2gp.loader.poll.Staged.EVENT_MILLIS;
import static io.mysql2gp.loader.poll.Staged.delete;
import static io.mysql2gp.loader.poll.Staged.insert;
import static io.mysql2gp.loader.poll.Staged.truncate;
import static io.mysql2gp.loader.poll.Staged.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stage.StagingWriter;
import io.mysql2gp.miner.stream.StagedRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class StagingCursorIT {
    private static final Logger log = LoggerFactory.getLogger(StagingCursorIT.class);
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);

    Staged staged;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        staged = Staged.create("poll_cursor_" + info.getTestMethod().orElseThrow().getName());
    }

    /** Reads everything the cursor returns, chunk by chunk. */
    static List<StagedChange> readAll(StagingCursor cursor, int maxRows, long maxBytes) throws Exception {
        List<StagedChange> out = new ArrayList<>();
        for (List<StagedChange> chunk = cursor.nextChunk(maxRows, maxBytes); !chunk.isEmpty();
                chunk = cursor.nextChunk(maxRows, maxBytes)) {
            out.addAll(chunk);
        }
        return out;
    }

    static List<Long> seqs(List<StagedChange> changes) {
        return changes.stream().map(StagedChange::seq).toList();
    }

    /** {@code n} one-row source transactions inserting into orders, notes of {@code width} characters. */
    static List<List<StagedRow>> singleInserts(int n, int width) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> List.of(insert("orders", i, "x".repeat(width)))).toList();
    }

    @Test
    void everyColumnOfEveryCommittedChangeComesBackInSeqOrder() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(
                List.of(insert("orders", 1, "a\\tb"), insert("items", 10, "café 😀")),
                List.of(update("orders", 1, 2, "moved"), delete("items", 10)),
                List.of(truncate("items"))));
        try (Connection c = staged.connect(); StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
            assertThat(readAll(cursor, 100, Long.MAX_VALUE)).containsExactly(
                    new StagedChange(1, 1, false, 1, "orders", Op.INSERT, null, "1", "1\ta\\tb", EVENT_MILLIS),
                    new StagedChange(2, 1, true, 2, "items", Op.INSERT, null, "10", "10\tcafé 😀", EVENT_MILLIS),
                    new StagedChange(3, 2, false, 1, "orders", Op.UPDATE, "1", "2", "2\tmoved", EVENT_MILLIS + 1000),
                    new StagedChange(4, 2, true, 2, "items", Op.DELETE, "10", null, null, 0),
                    new StagedChange(5, 3, true, 2, "items", Op.TRUNCATE, null, null, null, EVENT_MILLIS + 2000));
            assertThat(cursor.exhausted()).isTrue();
            assertThat(cursor.nextChunk(100, Long.MAX_VALUE)).as("stays at its end").isEmpty();
            assertThat(cursor.lastReturnedSeq()).isEqualTo(5);
        }
    }

    @Test
    void chunksStopAtTheRowCap() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(10, 5));
        try (Connection c = staged.connect(); StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
            List<Integer> sizes = new ArrayList<>();
            for (List<StagedChange> chunk = cursor.nextChunk(3, Long.MAX_VALUE); !chunk.isEmpty();
                    chunk = cursor.nextChunk(3, Long.MAX_VALUE)) {
                sizes.add(chunk.size());
            }
            assertThat(sizes).containsExactly(3, 3, 3, 1);
            assertThat(cursor.lastReturnedSeq()).isEqualTo(10);
        }
    }

    @Test
    void chunksStayWithinTheByteCapAndAnOversizedRowComesAlone() throws Exception {
        List<List<StagedRow>> txns = new ArrayList<>(singleInserts(6, 1000));
        txns.add(3, List.of(insert("orders", 99, "y".repeat(10_000))));
        staged.stage(Staged.startingAfter(0), txns);
        try (Connection c = staged.connect(); StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
            long rowBytes = cursor.nextChunk(1, 1).get(0).bytes();
            long cap = rowBytes * 5 / 2; // room for two ordinary rows, not three
            List<List<Long>> chunks = new ArrayList<>();
            for (List<StagedChange> chunk = cursor.nextChunk(100, cap); !chunk.isEmpty();
                    chunk = cursor.nextChunk(100, cap)) {
                assertThat(chunk.size() == 1 || chunk.stream().mapToLong(StagedChange::bytes).sum() <= cap)
                        .as("chunk %s within %s bytes", chunk, cap).isTrue();
                chunks.add(seqs(chunk));
            }
            assertThat(chunks).containsExactly(List.of(2L, 3L), List.of(4L), List.of(5L, 6L), List.of(7L));
        }
    }

    @Test
    void theCursorSeesWhatWasCommittedWhenItOpenedAndAReopenedOneSeesMore() throws Exception {
        try (StagingWriter w = staged.writer(Staged.startingAfter(0)); Connection c = staged.connect()) {
            Staged.stage(w, singleInserts(3, 1));
            long next;
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0), 2)) {
                assertThat(seqs(cursor.nextChunk(1, Long.MAX_VALUE))).containsExactly(1L);
                Staged.stage(w, singleInserts(4, 1)); // committed while the cursor is open
                assertThat(seqs(readAll(cursor, 100, Long.MAX_VALUE))).containsExactly(2L, 3L);
                next = cursor.lastReturnedSeq();
            }
            assertThat(c.getAutoCommit()).as("autocommit restored").isTrue();
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(next))) {
                assertThat(seqs(readAll(cursor, 100, Long.MAX_VALUE))).containsExactly(4L, 5L, 6L, 7L);
            }
        }
    }

    @Test
    void rowsAreFetchedThroughAServerSideCursorOfTheGivenSize() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(300, 10));
        try (Connection c = staged.connect(); StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0), 50)) {
            assertThat(cursor.nextChunk(10, Long.MAX_VALUE)).hasSize(10);
            // a portal left open between fetches is listed in pg_cursors; a fully fetched result is not
            assertThat(openPortalsOnTheChangeLog(c)).isEqualTo(1);
            assertThat(seqs(readAll(cursor, 64, Long.MAX_VALUE))).hasSize(290).startsWith(11L).endsWith(300L);
            assertThat(openPortalsOnTheChangeLog(c)).isZero();
        }
    }

    @Test
    void theSimpleQueryProtocolReadsTheSameChangesWithoutAPortal() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(30, 3));
        try (Connection c = java.sql.DriverManager.getConnection(
                        staged.pg.jdbcUrl(staged.db) + "&preferQueryMode=simple", staged.pg.user(), "");
                StagingCursor cursor = StagingCursor.open(c, StagingRange.after(4).until(20).onlyTable("orders"), 5)) {
            assertThat(cursor.nextChunk(3, Long.MAX_VALUE)).hasSize(3);
            assertThat(openPortalsOnTheChangeLog(c)).as("the driver read everything at once").isZero();
            assertThat(seqs(readAll(cursor, 100, Long.MAX_VALUE))).startsWith(8L).endsWith(20L).hasSize(13);
        }
    }

    static int openPortalsOnTheChangeLog(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_cursors WHERE statement LIKE '%FROM "
                        + StagingSchema.CHANGES + " WHERE%' AND statement NOT LIKE '%pg_cursors%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aTableFilterReadsOnlyThatTableAndKeepsTheTransactionMarks() throws Exception {
        staged.stage(Staged.startingAfter(0), List.of(
                List.of(insert("orders", 1, "a"), insert("items", 10, "b")),
                List.of(insert("items", 11, "c"), insert("orders", 2, "d"))));
        try (Connection c = staged.connect();
                StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0).onlyTable("orders"))) {
            assertThat(readAll(cursor, 100, Long.MAX_VALUE)).extracting(StagedChange::seq, StagedChange::table,
                    StagedChange::lastInTxn).containsExactly(
                            tuple(1L, "orders", false),
                            tuple(4L, "orders", true));
        }
    }

    @Test
    void anUntilBoundStopsAtItsSeqInclusive() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(8, 1));
        try (Connection c = staged.connect();
                StagingCursor cursor = StagingCursor.open(c, StagingRange.after(2).until(5))) {
            assertThat(seqs(readAll(cursor, 100, Long.MAX_VALUE))).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void missingSeqsAreAFatalGapNamingThem() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(5, 1));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            // one source transaction of one row each: one block per change
            st.execute("DELETE FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq IN (3, 4)");
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
                assertThat(seqs(cursor.nextChunk(2, Long.MAX_VALUE))).containsExactly(1L, 2L);
                assertThatThrownBy(() -> cursor.nextChunk(2, Long.MAX_VALUE))
                        .isInstanceOf(StagingGapException.class)
                        .hasMessageContaining("expected seq 3 next, but the next committed change is seq 5")
                        .hasMessageContaining("changes 3..4 are missing");
            }
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0).onlyTable("orders"))) {
                assertThat(seqs(readAll(cursor, 100, Long.MAX_VALUE))).as("gaps are normal with a table filter")
                        .containsExactly(1L, 2L, 5L);
            }
        }
    }

    @Test
    void anUnknownOpCodeNamesTheSeq() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(2, 1));
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            st.execute("UPDATE " + StagingSchema.CHANGE_BLOCKS + " SET changes = overlay(changes placing '\\x5a'::bytea"
                    + " from 1 for 1) WHERE seq = 2");
            // the view mysql2gp.changes unpacks blocks on the server, which fails the cursor's query
            assertThatThrownBy(() -> {
                try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
                    cursor.nextChunk(10, Long.MAX_VALUE);
                }
            }).hasMessageContaining("staged change seq 2: unknown op code 90");
        }
    }

    @Test
    void aCallersOwnTransactionIsLeftToTheCaller() throws Exception {
        staged.stage(Staged.startingAfter(0), singleInserts(2, 1));
        try (Connection c = staged.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE mine (x int)");
            }
            try (StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
                assertThat(readAll(cursor, 10, Long.MAX_VALUE)).hasSize(2);
            }
            assertThat(c.getAutoCommit()).isFalse();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM mine")) {
                assertThat(rs.next()).as("the caller's transaction is still open").isTrue();
            }
            c.rollback();
        }
    }

    @Test
    void aLargeBacklogIsReadWholeInChunks() throws Exception {
        int rows = 300_000 * SCALE;
        try (StagingWriter w = staged.writer(Staged.startingAfter(0))) {
            StagedRow row = insert("orders", 1, "a typical row of about sixty characters of text, more or less");
            for (int i = 0; i < rows; i++) {
                w.row(row);
                if (i % 10 == 9) {
                    w.endSourceTransaction(new BinlogPosition("binlog.000001", 4 + i, null),
                            EVENT_MILLIS);
                }
            }
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 4 + rows, null), 0);
            w.commit();
        }
        try (Connection c = staged.connect(); StagingCursor cursor = StagingCursor.open(c, StagingRange.after(0))) {
            long start = System.nanoTime();
            long n = 0;
            long last = 0;
            for (List<StagedChange> chunk = cursor.nextChunk(20_000, 64L << 20); !chunk.isEmpty();
                    chunk = cursor.nextChunk(20_000, 64L << 20)) {
                n += chunk.size();
                last = chunk.get(chunk.size() - 1).seq();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("staging cursor: read {} rows in {} s = {} rows/s", n, String.format("%.2f", seconds),
                    Math.round(n / seconds));
            assertThat(n).isEqualTo(rows);
            assertThat(last).isEqualTo(rows);
        }
    }
}

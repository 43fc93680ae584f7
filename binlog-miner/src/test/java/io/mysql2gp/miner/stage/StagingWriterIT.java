package io.mysql2gp.miner.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stream.StagedRow;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class StagingWriterIT {
    static final TableSchema ORDERS = new TableSchema(new TableId("shop", "orders"),
            List.of(new ColumnDef("id", MysqlType.INT, false, 0, 0, 0, null, List.of(), false),
                    new ColumnDef("note", MysqlType.VARCHAR, false, 20, 0, 0, "utf8mb4", List.of(), true)),
            List.of(0));

    PgServer pg;
    String dbName;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        pg = TestServers.postgres();
        dbName = "sw_" + info.getTestMethod().orElseThrow().getName().toLowerCase();
        pg.createDatabase(dbName);
        try (Connection c = pg.connect(dbName)) {
            StagingSchema.migrate(c);
            StagingSchema.migrate(c); // idempotent
        }
    }

    static StagedRow insert(int id, String note, long pos) {
        return new StagedRow("orders", 1, Op.INSERT, null, Integer.toString(id), id + "\t" + note, "binlog.000001", pos,
                1_700_000_000_000L);
    }

    MinerState fresh() {
        return new MinerState(7L, new BinlogPosition("binlog.000001", 4, null), 0, 0, 0);
    }

    List<String> staged(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT seq, txn, last_in_txn, op, key_new, row_new FROM "
                        + StagingSchema.CHANGES + " ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getBoolean(3) + " " + rs.getString(4) + " "
                        + rs.getString(5) + " " + String.valueOf(rs.getString(6)).replace("\t", "|"));
            }
        }
        return out;
    }

    @Test
    void rowsAndPositionCommitTogetherAtSourceTransactionBoundaries() throws Exception {
        try (Connection c = pg.connect(dbName); StagingWriter w = new StagingWriter(pg.connect(dbName), fresh())) {
            w.schema(1, ORDERS, new BinlogPosition("binlog.000001", 100, null));
            w.row(insert(1, "a", 200));
            // a row line as the encoder writes it: an escaped TAB inside a value, a backslash too
            w.row(insert(2, "tab\\there \\\\ \\N", 200));
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 300, "0-1-5"), 1_700_000_001_000L);
            w.row(insert(3, "c", 400));
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 500, "0-1-6"), 1_700_000_002_000L);
            assertThat(staged(c)).as("nothing visible before commit").isEmpty();
            w.commit();
            assertThat(staged(c)).containsExactly(
                    "1 1 false I 1 1|a",
                    "2 1 true I 2 2|tab\\there \\\\ \\N",
                    "3 2 true I 3 3|c");
            MinerState s = StagingStore.loadState(c).orElseThrow();
            assertThat(s.position()).isEqualTo(new BinlogPosition("binlog.000001", 500, "0-1-6"));
            assertThat(s.lastSeq()).isEqualTo(3);
            assertThat(s.lastTxn()).isEqualTo(2);
            assertThat(s.sourceTimeMillis()).isEqualTo(1_700_000_002_000L);
            assertThat(StagingStore.loadSchemas(c)).isEqualTo(Map.of(1, ORDERS));
        }
    }

    @Test
    void aBlockHoldsARunOfOneTableInOneSourceTransactionUpToItsSize() throws Exception {
        String big = "y".repeat(ChangeBlock.TARGET_BYTES * 5 / 8);
        try (Connection c = pg.connect(dbName); StagingWriter w = new StagingWriter(pg.connect(dbName), fresh())) {
            w.schema(1, ORDERS, null);
            w.row(insert(1, "a", 200));
            w.row(new StagedRow("orders", 1, Op.UPDATE, "1", "1", "1\tb", "binlog.000001", 210, 1_700_000_001_000L));
            w.row(new StagedRow("items", 2, Op.INSERT, null, "3", "3\tc", "binlog.000001", 220, 1_700_000_002_000L));
            w.row(new StagedRow("orders", 2, Op.DELETE, "1", null, null, "binlog.000001", 230, 0));
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 300, null), 1_700_000_003_000L);
            w.row(insert(5, big, 400));
            w.row(insert(6, big, 410));
            w.row(insert(7, big, 420)); // the block holding 5 and 6 is full
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 500, null), 1_700_000_004_000L);
            w.commit();
            List<String> blocks = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT seq, n, txn, last_in_txn, schema_id, tbl, binlog_pos,"
                            + " extract(epoch FROM event_ts)::bigint FROM " + StagingSchema.CHANGE_BLOCKS + " ORDER BY seq")) {
                while (rs.next()) {
                    blocks.add(rs.getLong(1) + " n=" + rs.getInt(2) + " txn=" + rs.getLong(3) + " " + rs.getBoolean(4)
                            + " " + rs.getInt(5) + " " + rs.getString(6) + " @" + rs.getLong(7) + " " + rs.getString(8));
                }
            }
            // position: the block's first change's event; time: its last change's (a row without one: none)
            assertThat(blocks).containsExactly(
                    "2 n=2 txn=1 false 1 orders @200 1700000001",
                    "3 n=1 txn=1 false 2 items @220 1700000002",
                    "4 n=1 txn=1 true 2 orders @230 null",
                    "6 n=2 txn=2 false 1 orders @400 1700000000",
                    "7 n=1 txn=2 true 1 orders @420 1700000000");
            assertThat(staged(c)).hasSize(7).startsWith("1 1 false I 1 1|a", "2 1 false U 1 1|b", "3 1 false I 3 3|c");
        }
    }

    @Test
    void anUnfinishedSourceTransactionIsRolledBackAndItsNumbersReused() throws Exception {
        try (Connection c = pg.connect(dbName); StagingWriter w = new StagingWriter(pg.connect(dbName), fresh())) {
            w.schema(1, ORDERS, null);
            w.row(insert(1, "a", 200));
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 300, null), 0);
            w.commit();
            w.row(insert(2, "lost", 400));
            w.row(insert(3, "lost", 400));
            w.rollback();
            assertThat(w.committed().lastSeq()).isEqualTo(1);
            w.row(insert(2, "again", 400));
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 500, null), 0);
            w.commit();
            assertThat(staged(c)).containsExactly("1 1 true I 1 1|a", "2 2 true I 2 2|again");
        }
    }

    @Test
    void aHeartbeatCommitMovesOnlyThePosition() throws Exception {
        try (Connection c = pg.connect(dbName); StagingWriter w = new StagingWriter(pg.connect(dbName), fresh())) {
            w.endSourceTransaction(new BinlogPosition("binlog.000002", 900, null), 1_700_000_005_000L);
            w.commit();
            assertThat(staged(c)).isEmpty();
            assertThat(StagingStore.loadState(c).orElseThrow().position().toString()).isEqualTo("binlog.000002:900");
        }
    }

    @Test
    void aBlockCrossingAPartitionBoundaryLandsInThePartitionOfItsLastSeq() throws Exception {
        long start = StagingSchema.PARTITION_SIZE - 2;
        MinerState near = new MinerState(7L, new BinlogPosition("binlog.000001", 4, null), start, 10, 0);
        try (Connection c = pg.connect(dbName); StagingWriter w = new StagingWriter(pg.connect(dbName), near)) {
            w.schema(1, ORDERS, null);
            for (int i = 0; i < 5; i++) {
                w.row(insert(i, "x", 200));
            }
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 300, null), 0);
            w.commit();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT tableoid::regclass::text || ' ' || seq || ' n=' || n FROM "
                            + StagingSchema.CHANGE_BLOCKS + " ORDER BY seq")) {
                List<String> blocks = new ArrayList<>();
                while (rs.next()) {
                    blocks.add(rs.getString(1));
                }
                assertThat(blocks).containsExactly("mysql2gp.change_blocks_p1 " + (start + 5) + " n=5");
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT min(seq), max(seq), count(*) FROM " + StagingSchema.CHANGES)) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).containsExactly(start + 1, start + 5, 5L);
            }
        }
    }

    @Test
    void aConnectionLostDuringCopyIsAbandonedWithoutWaiting() throws Exception {
        Connection conn = pg.connect(dbName);
        long pid;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getLong(1);
        }
        StagingWriter w = new StagingWriter(conn, fresh());
        try (Connection c = pg.connect(dbName)) {
            w.schema(1, ORDERS, null);
            String note = "y".repeat(15);
            for (int i = 0; i < 20_000; i++) {
                w.row(insert(i, note, 200)); // over the 256 KB write buffer: the COPY is open
            }
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            w.endSourceTransaction(new BinlogPosition("binlog.000001", 300, null), 0);
            org.assertj.core.api.Assertions.assertThatThrownBy(w::commit).isInstanceOf(java.sql.SQLException.class);
            // the driver keeps a connection whose COPY failed locked: a rollback on it would wait forever
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), w::rollback);
            assertThat(w.committed().lastSeq()).isZero();
            assertThat(staged(c)).isEmpty();
        } finally {
            conn.abort(Runnable::run); // never blocks, even on a locked connection
        }
    }
}

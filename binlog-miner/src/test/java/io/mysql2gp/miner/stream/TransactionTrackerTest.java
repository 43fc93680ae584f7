package io.mysql2gp.miner.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionTrackerTest {
    /** Records what the tracker hands over, as readable strings. */
    static final class RecordingSink implements ChangeSink {
        final List<String> out = new ArrayList<>();

        @Override
        public void schema(int schemaId, TableSchema schema, BinlogPosition at) {
            out.add("schema " + schemaId + " " + schema.id());
        }

        @Override
        public void row(StagedRow r) {
            out.add(r.op().code + " " + r.table() + " old=" + r.keyOld() + " newkey=" + r.keyNew() + " row=" + r.rowNew()
                    + " @" + r.binlogFile() + ":" + r.binlogPos());
        }

        @Override
        public void commit(BinlogPosition after, long ts) {
            out.add("commit " + after);
        }
    }

    /** Joins the values' toString with commas; key = first column. */
    static final RowImageEncoder ENCODER = new RowImageEncoder() {
        @Override
        public String image(TableSchema schema, Serializable[] row, BitSet included) {
            return Arrays.stream(row).map(String::valueOf).collect(Collectors.joining(","));
        }

        @Override
        public String key(TableSchema schema, Serializable[] row, BitSet included) {
            return String.valueOf(row[0]);
        }
    };

    RecordingSink sink;
    TransactionTracker tracker;
    int builds;

    @BeforeEach
    void setUp() {
        sink = new RecordingSink();
        builds = 0;
        SchemaRegistry registry = new SchemaRegistry(Map.of(), tm -> {
            builds++;
            return new TableSchema(new TableId(tm.getDatabase(), tm.getTable()),
                    List.of(new ColumnDef("id", MysqlType.INT, false, 0, 0, 0, null, List.of(), false),
                            new ColumnDef("v", MysqlType.VARCHAR, false, 10, 0, 0, "utf8mb4", List.of(), true)),
                    List.of(0));
        });
        tracker = new TransactionTracker("shop", Set.of("orders", "it\"em")::contains, registry, ENCODER, sink,
                new BinlogPosition("binlog.000001", 4, null));
    }

    static Event ev(EventType type, long pos, long next, EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setNextPosition(next);
        h.setEventLength(next - pos);
        h.setTimestamp(1_700_000_000_000L);
        h.setServerId(7);
        return new Event(h, data);
    }

    static TableMapEventData tableMap(long id, String db, String table) {
        TableMapEventData tm = new TableMapEventData();
        tm.setTableId(id);
        tm.setDatabase(db);
        tm.setTable(table);
        tm.setColumnTypes(new byte[] {3, 15});
        tm.setColumnMetadata(new int[] {0, 40});
        return tm;
    }

    static WriteRowsEventData insert(long tableId, Serializable[]... rows) {
        WriteRowsEventData d = new WriteRowsEventData();
        d.setTableId(tableId);
        BitSet all = new BitSet();
        all.set(0, 2);
        d.setIncludedColumns(all);
        d.setRows(List.of(rows));
        return d;
    }

    static QueryEventData query(String db, String sql) {
        QueryEventData q = new QueryEventData();
        q.setDatabase(db);
        q.setSql(sql);
        return q;
    }

    static Event xid(long pos, long next) {
        XidEventData x = new XidEventData();
        x.setXid(9);
        return ev(EventType.XID, pos, next, x);
    }

    static MariadbGtidEventData mariaGtid(long seq, int flags) {
        MariadbGtidEventData g = new MariadbGtidEventData();
        g.setDomainId(0);
        g.setSequence(seq);
        g.setFlags(flags);
        return g;
    }

    void feed(Event... events) throws InterruptedException {
        for (Event e : events) {
            tracker.onEvent(e);
        }
    }

    @Test
    void aMariaDbTransactionIsFramedByItsGtidAndXid() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 200, 260, insert(11, new Serializable[] {1, "a"}, new Serializable[] {2, "b"})),
                xid(260, 300));
        assertThat(sink.out).containsExactly(
                "schema 1 shop.orders",
                "I orders old=null newkey=1 row=1,a @binlog.000001:200",
                "I orders old=null newkey=2 row=2,b @binlog.000001:200",
                "commit binlog.000001:300 (gtid 0-7-5)");
    }

    @Test
    void aMySqlTransactionIsFramedByBeginAndXid() throws Exception {
        GtidEventData g = new GtidEventData();
        g.setGtid("3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
        feed(ev(EventType.GTID, 100, 160, g), ev(EventType.QUERY, 160, 220, query("shop", "BEGIN")));
        assertThat(tracker.inTransaction()).isTrue();
        feed(ev(EventType.TABLE_MAP, 220, 280, tableMap(11, "shop", "orders")),
                ev(EventType.EXT_WRITE_ROWS, 280, 330, insert(11, new Serializable[] {1, "a"})),
                xid(330, 360));
        assertThat(sink.out).last().isEqualTo("commit binlog.000001:360 (gtid 3e11fa47-71ca-11e1-9e33-c80aa9429562:23)");
        assertThat(tracker.inTransaction()).isFalse();
    }

    @Test
    void rowsOfUnlistedTablesAndOtherDatabasesAreSkippedButThePositionMoves() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(12, "shop", "unlisted")),
                ev(EventType.WRITE_ROWS, 200, 260, insert(12, new Serializable[] {1, "a"})),
                ev(EventType.TABLE_MAP, 260, 300, tableMap(13, "other", "orders")),
                ev(EventType.WRITE_ROWS, 300, 330, insert(13, new Serializable[] {1, "a"})),
                xid(330, 360));
        assertThat(sink.out).containsExactly("commit binlog.000001:360 (gtid 0-7-5)");
        assertThat(builds).isZero();
    }

    @Test
    void updatesCarryTheOldKeyAndTheNewImage() throws Exception {
        UpdateRowsEventData u = new UpdateRowsEventData();
        u.setTableId(11);
        BitSet all = new BitSet();
        all.set(0, 2);
        u.setIncludedColumnsBeforeUpdate(all);
        u.setIncludedColumns(all);
        u.setRows(List.of(new AbstractMap.SimpleEntry<>(new Serializable[] {1, "a"}, new Serializable[] {2, "b"})));
        DeleteRowsEventData d = new DeleteRowsEventData();
        d.setTableId(11);
        d.setIncludedColumns(all);
        d.setRows(List.<Serializable[]>of(new Serializable[] {2, "b"}));
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(11, "shop", "orders")),
                ev(EventType.UPDATE_ROWS, 200, 260, u),
                ev(EventType.DELETE_ROWS, 260, 300, d),
                xid(300, 330));
        assertThat(sink.out).containsSubsequence(
                "U orders old=1 newkey=2 row=2,b @binlog.000001:200",
                "D orders old=2 newkey=null row=null @binlog.000001:260");
    }

    @Test
    void rotateSwitchesTheFileOfLaterPositions() throws Exception {
        RotateEventData r = new RotateEventData();
        r.setBinlogFilename("binlog.000002");
        r.setBinlogPosition(4);
        feed(ev(EventType.ROTATE, 500, 540, r),
                ev(EventType.MARIADB_GTID, 4, 40, mariaGtid(6, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 40, 90, query("shop", "CREATE TABLE x (id int)")));
        assertThat(sink.out).containsExactly("commit binlog.000002:4", "commit binlog.000002:90 (gtid 0-7-6)");
    }

    @Test
    void aRotateToALaterFileMovesTheStoredPositionEvenWhenNoTransactionFollows() throws Exception {
        RotateEventData r = new RotateEventData();
        r.setBinlogFilename("binlog.000003");
        r.setBinlogPosition(4);
        feed(ev(EventType.ROTATE, 0, 0, r));
        assertThat(sink.out).containsExactly("commit binlog.000003:4");
    }

    @Test
    void aHeartbeatAfterTheLastCommitMovesThePositionToWhereTheSourceIsIdle() throws Exception {
        RotateEventData r = new RotateEventData();
        r.setBinlogFilename("binlog.000002");
        r.setBinlogPosition(4);
        feed(ev(EventType.ROTATE, 0, 0, r), ev(EventType.FORMAT_DESCRIPTION, 4, 256, null),
                ev(EventType.MARIADB_GTID_LIST, 256, 379, null), ev(EventType.HEARTBEAT, 0, 379, null),
                ev(EventType.HEARTBEAT, 0, 379, null));
        assertThat(sink.out).containsExactly("commit binlog.000002:4", "commit binlog.000002:379");
    }

    @Test
    void aHeartbeatInsideATransactionOrWithoutAPositionMovesNothing() throws Exception {
        feed(ev(EventType.HEARTBEAT, 0, 0, null), ev(EventType.HEARTBEAT, 0, 4, null),
                ev(EventType.MARIADB_GTID, 4, 40, mariaGtid(6, 0)), ev(EventType.HEARTBEAT, 0, 900, null));
        assertThat(sink.out).isEmpty();
    }

    @Test
    void theRotateToTheStartFileAtConnectIsNoPositionAdvance() throws Exception {
        RotateEventData r = new RotateEventData();
        r.setBinlogFilename("binlog.000001");
        r.setBinlogPosition(4);
        feed(ev(EventType.ROTATE, 0, 0, r));
        assertThat(sink.out).isEmpty();
    }

    @Test
    void aStandaloneDdlOnAStagedTableRefreshesItsSchema() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 200, 260, insert(11, new Serializable[] {1, "a"})),
                xid(260, 300),
                ev(EventType.MARIADB_GTID, 300, 340, mariaGtid(6, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 340, 400, query("shop", "ALTER TABLE orders ADD COLUMN w int")),
                ev(EventType.MARIADB_GTID, 400, 440, mariaGtid(7, 0)),
                ev(EventType.TABLE_MAP, 440, 500, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 500, 560, insert(11, new Serializable[] {2, "b"})),
                xid(560, 600));
        assertThat(builds).isEqualTo(2);
        // the rebuilt schema is identical here, so its id is reused
        assertThat(sink.out).filteredOn(s -> s.startsWith("schema")).containsExactly("schema 1 shop.orders");
    }

    @Test
    void ddlOnOtherTablesOrUsersLeavesTheSchemaCacheAlone() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 200, 260, insert(11, new Serializable[] {1, "a"})),
                xid(260, 300),
                ev(EventType.QUERY, 300, 340, query("shop", "ALTER TABLE orders_archive ADD COLUMN w int")),
                ev(EventType.QUERY, 340, 380, query("shop", "CREATE USER 'orders'@'%' IDENTIFIED BY 'pw'")),
                ev(EventType.MARIADB_GTID, 400, 440, mariaGtid(7, 0)),
                ev(EventType.TABLE_MAP, 440, 500, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 500, 560, insert(11, new Serializable[] {2, "b"})),
                xid(560, 600));
        assertThat(builds).isEqualTo(1);
        assertThat(sink.out).contains("commit binlog.000001:340 (gtid 0-7-5)", "commit binlog.000001:380 (gtid 0-7-5)");
    }

    @Test
    void onlyStatementsOnTablesCountAsTableDdlSoPasswordsInUserStatementsAreNeverLogged() {
        assertThat(List.of("ALTER TABLE t_a ADD COLUMN x int", "  alter online ignore table `t` drop c",
                "CREATE TABLE t (id int)", "CREATE OR REPLACE TEMPORARY TABLE t (id int)", "create\ntable t (id int)",
                "DROP TABLE IF EXISTS `t` /* generated by server */", "DROP TEMPORARY TABLE t",
                "RENAME TABLE a TO b", "TRUNCATE TABLE t", "ALTER /* c */ TABLE t ENGINE=InnoDB"))
                .allMatch(TransactionTracker::isTableDdl);
        assertThat(List.of("CREATE USER 't_a'@'%' IDENTIFIED BY 'my table t_a'",
                "ALTER USER 'orders'@'%' IDENTIFIED BY 'tables'", "GRANT SELECT ON shop.orders TO 'table'@'%'",
                "SET PASSWORD FOR 'u'@'%' = PASSWORD('table orders')", "CREATE INDEX i ON orders (a)",
                "CREATE DATABASE tables", "DROP USER 'table'", "CREATE ROLE tables"))
                .noneMatch(TransactionTracker::isTableDdl);
    }

    @Test
    void droppingOrRenamingAStagedTableStagesTheStatementForTheLoader() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 140, 200, query("shop", "DROP TABLE `orders`, unlisted")),
                ev(EventType.MARIADB_GTID, 200, 240, mariaGtid(6, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 240, 300, query("shop", "ALTER TABLE orders ADD COLUMN x int")));
        assertThat(sink.out).containsExactly(
                "X orders old=null newkey=null row=DROP TABLE `orders`, unlisted @binlog.000001:200",
                "commit binlog.000001:200 (gtid 0-7-5)",
                "commit binlog.000001:300 (gtid 0-7-6)");
    }

    @Test
    void truncateOfAStagedTableIsStagedAsItsOwnTransaction() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 140, 200, query("shop", "TRUNCATE TABLE `orders`")),
                ev(EventType.MARIADB_GTID, 200, 240, mariaGtid(6, MariadbGtidEventData.FL_STANDALONE)),
                ev(EventType.QUERY, 240, 300, query("shop", "truncate unlisted")));
        assertThat(sink.out).containsExactly(
                "T orders old=null newkey=null row=null @binlog.000001:200",
                "commit binlog.000001:200 (gtid 0-7-5)",
                "commit binlog.000001:300 (gtid 0-7-6)");
    }

    @Test
    void aCompressedPayloadIsOneTransactionEndingAtThePayloadsEnd() throws Exception {
        TransactionPayloadEventData p = new TransactionPayloadEventData();
        p.setUncompressedEvents(new ArrayList<>(List.of(
                ev(EventType.QUERY, 0, 0, query("shop", "BEGIN")),
                ev(EventType.TABLE_MAP, 0, 0, tableMap(11, "shop", "orders")),
                ev(EventType.EXT_WRITE_ROWS, 0, 0, insert(11, new Serializable[] {1, "a"})),
                xid(0, 0))));
        feed(ev(EventType.TRANSACTION_PAYLOAD, 236, 724, p));
        assertThat(sink.out).containsExactly(
                "schema 1 shop.orders",
                "I orders old=null newkey=1 row=1,a @binlog.000001:236",
                "commit binlog.000001:724");
    }

    @Test
    void anUndecodedEventInsideATransactionIsFatalAndNamesThePosition() throws Exception {
        feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)));
        assertThatThrownBy(() -> feed(ev(EventType.PARTIAL_UPDATE_ROWS_EVENT, 3750, 3980, null)))
                .isInstanceOf(FatalStreamException.class)
                .hasMessageContaining("PARTIAL_UPDATE_ROWS_EVENT")
                .hasMessageContaining("binlog.000001:3750");
    }

    @Test
    void aRowEventWithoutItsTableMapIsFatal() {
        assertThatThrownBy(() -> feed(ev(EventType.MARIADB_GTID, 100, 140, mariaGtid(5, 0)),
                ev(EventType.WRITE_ROWS, 200, 260, insert(99, new Serializable[] {1, "a"}))))
                .isInstanceOf(FatalStreamException.class)
                .hasMessageContaining("table id 99");
    }

    @Test
    void aRollbackEndsAGroupOfNonTransactionalChangesThatDidHappen() throws Exception {
        feed(ev(EventType.QUERY, 100, 140, query("shop", "BEGIN")),
                ev(EventType.TABLE_MAP, 140, 200, tableMap(11, "shop", "orders")),
                ev(EventType.WRITE_ROWS, 200, 260, insert(11, new Serializable[] {1, "a"})),
                ev(EventType.QUERY, 260, 300, query("shop", "ROLLBACK")));
        assertThat(sink.out).endsWith("I orders old=null newkey=1 row=1,a @binlog.000001:200", "commit binlog.000001:300");
    }
}

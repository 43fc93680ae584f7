package io.mysql2gp.loader.poll;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stage.MinerState;
import io.mysql2gp.miner.stage.StagingWriter;
import io.mysql2gp.miner.stream.StagedRow;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Test fixture: a fresh staging database per test, filled by the miner's own StagingWriter. */
final class Staged {
    static final long EVENT_MILLIS = 1_700_000_000_000L;
    static final TableSchema ORDERS = schema("orders");
    static final TableSchema ITEMS = schema("items");

    final PgServer pg = TestServers.postgres();
    final String db;

    private Staged(String db) {
        this.db = db;
    }

    /** A database named {@code prefix_test} holding the migrated staging schema. */
    static Staged create(String name) throws SQLException {
        Staged s = bare(name);
        try (Connection c = s.connect()) {
            StagingSchema.migrate(c);
        }
        return s;
    }

    /** A database with no staging schema at all. */
    static Staged bare(String name) {
        Staged s = new Staged(name.toLowerCase());
        s.pg.createDatabase(s.db);
        return s;
    }

    Connection connect() throws SQLException {
        return pg.connect(db);
    }

    static TableSchema schema(String table) {
        return new TableSchema(new TableId("shop", table),
                List.of(new ColumnDef("id", MysqlType.INT, false, 0, 0, 0, null, List.of(), false),
                        new ColumnDef("note", MysqlType.VARCHAR, false, 2000, 0, 0, "utf8mb4", List.of(), true)),
                List.of(0));
    }

    static MinerState startingAfter(long lastSeq) {
        return new MinerState(7L, new BinlogPosition("binlog.000001", 4, null), lastSeq, lastSeq, 0);
    }

    /** A writer that has recorded schema 1 (orders) and 2 (items); the caller closes it. */
    StagingWriter writer(MinerState start) throws SQLException {
        StagingWriter w = new StagingWriter(connect(), start);
        w.schema(1, ORDERS, null);
        w.schema(2, ITEMS, null);
        return w;
    }

    static StagedRow insert(String table, int id, String note) {
        return new StagedRow(table, schemaId(table), Op.INSERT, null, Integer.toString(id), id + "\t" + note,
                "binlog.000001", 100, EVENT_MILLIS);
    }

    static StagedRow update(String table, int oldId, int id, String note) {
        return new StagedRow(table, schemaId(table), Op.UPDATE, Integer.toString(oldId), Integer.toString(id),
                id + "\t" + note, "binlog.000001", 200, EVENT_MILLIS + 1000);
    }

    static StagedRow delete(String table, int id) {
        return new StagedRow(table, schemaId(table), Op.DELETE, Integer.toString(id), null, null,
                "binlog.000001", 300, 0);
    }

    static StagedRow truncate(String table) {
        return new StagedRow(table, schemaId(table), Op.TRUNCATE, null, null, null, "binlog.000001", 400,
                EVENT_MILLIS + 2000);
    }

    private static int schemaId(String table) {
        return table.equals("orders") ? 1 : 2;
    }

    /** Stages and commits source transactions, one list of rows each; returns the writer's last seq. */
    long stage(MinerState start, List<List<StagedRow>> transactions) throws SQLException {
        try (StagingWriter w = writer(start)) {
            return stage(w, transactions);
        }
    }

    static long stage(StagingWriter w, List<List<StagedRow>> transactions) throws SQLException {
        long pos = 1000;
        for (List<StagedRow> txn : transactions) {
            for (StagedRow r : txn) {
                w.row(r);
            }
            w.endSourceTransaction(new BinlogPosition("binlog.000001", pos += 100, null), EVENT_MILLIS);
        }
        w.commit();
        return w.committed().lastSeq();
    }
}

package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.StagingLease;
import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changes staged by an earlier version, one row per change, survive the upgrade to blocks unapplied and unchanged. */
class StagingMigrationIT {
    static final long P = StagingSchema.PARTITION_SIZE;

    @Test
    void changesStagedOneRowPerChangeBecomeBlocksOfOneAndReadTheSame() throws Exception {
        Staged staged = Staged.bare("poll_migration");
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            StagingSchema.migrate(c, 1);
            // two partitions of the old table, with every op, unicode, escapes, and a NULL event time
            st.execute("CREATE TABLE mysql2gp.changes_p0 PARTITION OF mysql2gp.changes FOR VALUES FROM (1) TO ("
                    + (P + 1) + ")");
            st.execute("CREATE TABLE mysql2gp.changes_p1 PARTITION OF mysql2gp.changes FOR VALUES FROM (" + (P + 1)
                    + ") TO (" + (2 * P + 1) + ")");
            st.execute("INSERT INTO mysql2gp.changes (seq, txn, last_in_txn, schema_id, tbl, op, key_old, key_new,"
                    + " row_new, binlog_file, binlog_pos, event_ts) VALUES"
                    + " (" + (P - 1) + ", 9, false, 1, 'orders', 'I', NULL, '1', E'1\\\\tcafé 😀 \\\\\\\\N', 'b.1', 10,"
                    + " '2024-01-02 03:04:05+00'),"
                    + " (" + P + ", 9, false, 1, 'orders', 'U', '1', '1', E'1\\\\tx', 'b.1', 20, NULL),"
                    + " (" + (P + 1) + ", 9, true, 1, 'orders', 'U', '1', '2', E'2\\\\ty', 'b.1', 30, NULL),"
                    + " (" + (P + 2) + ", 10, false, 2, 'items', 'D', '7', NULL, NULL, 'b.1', 40, NULL),"
                    + " (" + (P + 3) + ", 10, false, 2, 'items', 'T', NULL, NULL, NULL, 'b.1', 50, NULL),"
                    + " (" + (P + 4) + ", 10, true, 2, 'items', 'X', NULL, NULL, 'DROP TABLE items', 'b.1', 60, NULL)");
            List<String> before = rows(st);

            StagingSchema.migrate(c);

            assertThat(rows(st)).as("the view shows what the table held").isEqualTo(before);
            try (ResultSet rs = st.executeQuery("SELECT string_agg(tableoid::regclass || ':' || seq || '/' || n, ' '"
                    + " ORDER BY seq) FROM " + StagingSchema.CHANGE_BLOCKS)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("mysql2gp.change_blocks_p0:" + (P - 1) + "/1 mysql2gp.change_blocks_p0:"
                        + P + "/1 mysql2gp.change_blocks_p1:" + (P + 1) + "/1 mysql2gp.change_blocks_p1:" + (P + 2)
                        + "/1 mysql2gp.change_blocks_p1:" + (P + 3) + "/1 mysql2gp.change_blocks_p1:" + (P + 4) + "/1");
            }
            List<StagedChange> read = new ArrayList<>();
            new StagingReader(c).read(P - 2, P + 4, null, read::add);
            assertThat(read).containsExactly(
                    new StagedChange(P - 1, 9, false, 1, "orders", Op.INSERT, null, "1", "1\\tcafé 😀 \\\\N",
                            1_704_164_645_000L),
                    new StagedChange(P, 9, false, 1, "orders", Op.UPDATE, "1", "1", "1\\tx", 0),
                    new StagedChange(P + 1, 9, true, 1, "orders", Op.UPDATE, "1", "2", "2\\ty", 0),
                    new StagedChange(P + 2, 10, false, 2, "items", Op.DELETE, "7", null, null, 0),
                    new StagedChange(P + 3, 10, false, 2, "items", Op.TRUNCATE, null, null, null, 0),
                    new StagedChange(P + 4, 10, true, 2, "items", Op.DROP_OR_RENAME, null, null, "DROP TABLE items", 0));
            StagingSchema.migrate(c); // idempotent
            assertThat(rows(st)).isEqualTo(before);
        }
    }

    @Test
    void aChangeAnOlderMinerCommitsWhileTheMigrationRunsIsMigratedNotLost() throws Exception {
        Staged staged = Staged.bare("poll_migration_race");
        try (Connection c = staged.connect(); Connection oldMiner = staged.connect(); Statement st = c.createStatement()) {
            StagingSchema.migrate(c, 1);
            st.execute("CREATE TABLE mysql2gp.changes_p0 PARTITION OF mysql2gp.changes FOR VALUES FROM (1) TO ("
                    + (P + 1) + ")");
            st.execute("INSERT INTO mysql2gp.changes (seq, txn, last_in_txn, schema_id, tbl, op, key_new, row_new,"
                    + " binlog_file, binlog_pos) VALUES (1, 1, true, 1, 't', 'I', '1', E'1\\ta', 'b.1', 4)");
            // an older miner, holding its lease, stages seq 2 in a transaction still open
            oldMiner.setAutoCommit(false);
            try (Statement o = oldMiner.createStatement()) {
                o.execute("SELECT pg_advisory_lock(" + StagingLease.MINER + ")");
                o.execute("INSERT INTO mysql2gp.changes (seq, txn, last_in_txn, schema_id, tbl, op, key_new, row_new,"
                        + " binlog_file, binlog_pos) VALUES (2, 2, true, 1, 't', 'I', '2', E'2\\tb', 'b.1', 5)");
            }
            java.util.concurrent.CompletableFuture<Void> migration = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    StagingSchema.migrate(c);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1_000);
            assertThat(migration).as("the migration waits for the older miner's transaction").isNotDone();
            oldMiner.commit();
            migration.get(30, java.util.concurrent.TimeUnit.SECONDS);
            try (ResultSet rs = st.executeQuery("SELECT string_agg(seq || ':' || row_new, ' ' ORDER BY seq) FROM "
                    + StagingSchema.CHANGES)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1:1\ta 2:2\tb");
            }
        }
    }

    @Test
    void aStagingSchemaThatIsUpToDateNeedsNoPrivilegeToCreate() throws Exception {
        Staged staged = Staged.create("poll_migration_ro");
        try (Connection c = staged.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS mysql2gp_reader");
            st.execute("CREATE ROLE mysql2gp_reader LOGIN");
            st.execute("REVOKE CREATE ON DATABASE " + staged.db + " FROM PUBLIC");
            st.execute("GRANT USAGE ON SCHEMA mysql2gp TO mysql2gp_reader");
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA mysql2gp TO mysql2gp_reader");
        }
        try (Connection ro = java.sql.DriverManager.getConnection(staged.pg.jdbcUrl(staged.db), "mysql2gp_reader", "")) {
            StagingSchema.migrate(ro); // nothing to do, and nothing it may not do
            try (Statement st = ro.createStatement()) {
                assertThatThrownBy(() -> st.execute("CREATE SCHEMA x")).as("the role may not create")
                        .hasMessageContaining("permission denied");
            }
        }
    }

    private static List<String> rows(Statement st) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT seq, txn, last_in_txn, schema_id, tbl, op, key_old, key_new, row_new,"
                + " binlog_file, binlog_pos, event_ts FROM " + StagingSchema.CHANGES + " ORDER BY seq")) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= 12; i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        assertThat(out).hasSize(6);
        return out;
    }
}

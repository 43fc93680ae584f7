package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batch bounds through the real daemons: {@code max_batch_rows} ends a batch (one target transaction and
 * checkpoint) at the first source transaction boundary after that many changes, also when the backlog is
 * much larger and chunks are cut by rows; a transaction larger than the limit is applied whole in one
 * batch. Each committed checkpoint is recorded by a trigger on the target's checkpoint table.
 */
class LoaderBatchIT {
    @Test
    void aBatchEndsAtTheFirstSourceTransactionBoundaryAfterMaxBatchRows() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "lbatch", "max_batch_rows = \"5000\"");
        p.createTargetTables();
        // 30 source transactions of 700 rows (21,000), then one of 12,000 rows
        try (Connection src = p.mysql.connect(p.db); Statement st = src.createStatement()) {
            int id = 0;
            for (int txn = 0; txn < 30; txn++) {
                st.executeUpdate(insertRows(id, 700));
                id += 700;
            }
            src.setAutoCommit(false);
            for (int i = 0; i < 12; i++) {
                st.executeUpdate(insertRows(id, 1000));
                id += 1000;
            }
            src.commit();
        }
        DaemonProcess miner = p.startMiner();
        try (Connection staging = p.pg.connect(p.stagingDb); Connection target = p.pg.connect(p.targetDb);
                Statement st = target.createStatement()) {
            // everything is staged before the loader starts: the batches are cut from one backlog
            Servers.awaitCaughtUp(p.mysql, staging, 120_000, miner);
            st.execute("CREATE SCHEMA IF NOT EXISTS mysql2gp");
            st.execute("CREATE TABLE public.checkpoints (applied_seq bigint, at timestamptz DEFAULT clock_timestamp())");
            st.execute("CREATE TABLE mysql2gp.loader_checkpoint (staging_id text PRIMARY KEY, applied_seq bigint NOT NULL,"
                    + " applied_txn bigint NOT NULL, applied_at timestamptz NOT NULL, rows_applied bigint NOT NULL)");
            st.execute("CREATE FUNCTION public.log_checkpoint() RETURNS trigger LANGUAGE plpgsql AS"
                    + " 'BEGIN INSERT INTO public.checkpoints (applied_seq) VALUES (NEW.applied_seq); RETURN NEW; END'");
            st.execute("CREATE TRIGGER log_checkpoint AFTER INSERT OR UPDATE ON mysql2gp.loader_checkpoint"
                    + " FOR EACH ROW EXECUTE PROCEDURE public.log_checkpoint()");
            DaemonProcess loader = p.startLoader();
            try {
                p.awaitApplied(miner, loader, 120_000);
            } finally {
                assertThat(loader.terminate(60)).isZero();
                assertThat(miner.terminate(60)).isZero();
            }
            List<Long> ends = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT applied_seq FROM public.checkpoints ORDER BY at")) {
                while (rs.next()) {
                    ends.add(rs.getLong(1));
                }
            }
            // 5,000 rows end inside the 8th 700-row transaction: batches of 8 transactions, then the rest of
            // the 700-row transactions (4,200 rows) and the whole 12,000-row transaction in one
            assertThat(ends).containsExactly(5_600L, 11_200L, 16_800L, 33_000L);
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id), sum(b) FROM public.t_int")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                        .containsExactly(33_000L, 33_000L, 30 * (700L * 701 / 2) + 12 * (1000L * 1001 / 2));
            }
        }
    }

    private static String insertRows(int after, int count) {
        StringBuilder sql = new StringBuilder("INSERT INTO t_int (id, a, b) VALUES ");
        for (int i = 1; i <= count; i++) {
            sql.append(i > 1 ? "," : "").append('(').append(after + i).append(",'r").append(after + i).append("',")
                    .append(i).append(')');
        }
        return sql.toString();
    }
}

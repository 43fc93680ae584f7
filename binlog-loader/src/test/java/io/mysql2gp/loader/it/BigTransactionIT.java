package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One source transaction of 1,000,000 rows goes through a miner with a 96 MB heap and a loader with
 * a 128 MB heap: staged as one source transaction, applied exactly, neither daemon runs out of memory.
 */
class BigTransactionIT {
    static final int ROWS = 1_000_000;

    @Test
    void aMillionRowTransactionPassesThroughSmallHeaps() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "bigtx", "");
        p.mysql.execute(p.db, "CREATE TABLE big (id BIGINT PRIMARY KEY, v VARCHAR(200) NOT NULL) ENGINE=InnoDB");
        List<String> tables = new ArrayList<>(Workload.LISTED_RICH);
        tables.add("big");
        p.dep.writeTables(tables);
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner("-Xmx96m"); Connection staging = p.pg.connect(p.stagingDb)) {
            miner.awaitLog("miner: streaming from", 60_000);
            long t0 = System.currentTimeMillis();
            insertMillionRowsInOneTransaction(p);
            long t1 = System.currentTimeMillis();
            Servers.awaitCaughtUp(p.mysql, staging, 600_000, miner);
            long t2 = System.currentTimeMillis();
            System.out.printf("BigTransactionIT: source insert %d ms; miner (-Xmx96m) staged %d rows %d ms after the"
                    + " commit%n", t1 - t0, ROWS, t2 - t1);

            // the whole source transaction under one txn number, with exactly one last_in_txn row, at its end
            try (Statement st = staging.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT txn, count(*), count(*) FILTER (WHERE last_in_txn),"
                            + " max(seq) = max(seq) FILTER (WHERE last_in_txn), max(seq) - min(seq) + 1"
                            + " FROM mysql2gp.changes WHERE tbl = 'big' GROUP BY txn")) {
                assertThat(rs.next()).as("staged rows of big").isTrue();
                long txn = rs.getLong(1);
                assertThat(rs.getLong(2)).as("rows staged for txn " + txn).isEqualTo(ROWS);
                assertThat(rs.getLong(3)).as("last_in_txn rows of txn " + txn).isEqualTo(1);
                assertThat(rs.getBoolean(4)).as("last_in_txn is the txn's last seq").isTrue();
                assertThat(rs.getLong(5)).as("seq span of txn " + txn).isEqualTo(ROWS);
                assertThat(rs.next()).as("a second txn holding rows of big").isFalse();
            }

            long t3 = System.currentTimeMillis();
            try (DaemonProcess loader = p.startLoader("-Xmx128m")) {
                p.awaitApplied(miner, loader, 600_000);
                long t4 = System.currentTimeMillis();
                System.out.printf("BigTransactionIT: loader (-Xmx128m) applied %d rows in %d ms%n", ROWS, t4 - t3);
                assertThat(targetSummary(p)).isEqualTo(sourceSummary(p));
                assertThat(loader.isAlive()).as("loader alive; log:\n" + loader.ownOutput()).isTrue();
                assertThat(miner.isAlive()).as("miner alive; log:\n" + miner.ownOutput()).isTrue();
                assertThat(loader.ownOutput()).doesNotContain("OutOfMemoryError").doesNotContain("ERROR");
                assertThat(loader.terminate(60)).isZero();
            }
            assertThat(miner.ownOutput()).doesNotContain("OutOfMemoryError").doesNotContain("ERROR");
            assertThat(miner.terminate(60)).isZero();
        }
    }

    private static void insertMillionRowsInOneTransaction(Pipeline p) throws SQLException {
        try (Connection c = p.mysql.connect(p.db); Statement st = c.createStatement()) {
            if (hasSequenceEngine(st)) {
                st.execute("INSERT INTO big SELECT seq, REPEAT('x', 100) FROM seq_1_to_" + ROWS);
                return;
            }
            c.setAutoCommit(false);
            for (int from = 1; from <= ROWS; from += 1000) {
                StringBuilder sql = new StringBuilder("INSERT INTO big VALUES ");
                for (int id = from; id < from + 1000; id++) {
                    sql.append(id == from ? "" : ",").append('(').append(id).append(", REPEAT('x', 100))");
                }
                st.execute(sql.toString());
            }
            c.commit();
        }
    }

    private static boolean hasSequenceEngine(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'SEQUENCE'"
                + " AND SUPPORT IN ('YES', 'DEFAULT')")) {
            return rs.next();
        }
    }

    /** Count, sum of ids, and the sum of the first 60 bits of each row's md5 (exact integers). */
    private static List<String> sourceSummary(Pipeline p) throws SQLException {
        return summary(p.mysql.connect(p.db), "SELECT COUNT(*), SUM(id),"
                + " SUM(CAST(CONV(SUBSTRING(MD5(CONCAT(id, ':', v)), 1, 15), 16, 10) AS UNSIGNED)) FROM big");
    }

    private static List<String> targetSummary(Pipeline p) throws SQLException {
        return summary(p.pg.connect(p.targetDb), "SELECT count(*), sum(id),"
                + " sum(('x' || substr(md5(id::text || ':' || v), 1, 15))::bit(60)::bigint) FROM public.big");
    }

    private static List<String> summary(Connection c, String sql) throws SQLException {
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<String> out = List.of(rs.getString(1), rs.getString(2), rs.getString(3));
            assertThat(out.get(0)).isEqualTo(Integer.toString(ROWS));
            return out;
        }
    }
}

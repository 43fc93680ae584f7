package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tables the target cannot take (a column missing, the table missing, a value too long, no primary
 * key on the source) are paused alone with one error line, recorded in mysql2gp.loader_paused,
 * survive a loader restart, and catch up by themselves within pause_retry_seconds once the target
 * is fixed, while the other tables keep flowing and the loader never exits.
 */
class LoaderPauseIT {
    static final int RETRY_SECONDS = 2;
    static final List<String> TABLES = List.of("p_ok", "p_col", "p_missing", "p_narrow", "p_nokey");

    @Test
    void aTableTheTargetCannotTakePausesAloneAndCatchesUpOnceFixedWithoutARestartAndAcrossOne() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "pause",
                "pause_retry_seconds = \"" + RETRY_SECONDS + "\"");
        p.mysql.execute(p.db,
                "CREATE TABLE p_ok (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE p_col (id INT PRIMARY KEY, v VARCHAR(20), extra INT)",
                "CREATE TABLE p_missing (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE p_narrow (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE p_nokey (a INT, v VARCHAR(20))");
        p.dep.writeTables(TABLES);
        target(p, "CREATE TABLE p_ok (id int PRIMARY KEY, v varchar(20))",
                "CREATE TABLE p_col (id int PRIMARY KEY, v varchar(20))", // lacks "extra"
                "CREATE TABLE p_narrow (id int PRIMARY KEY, v varchar(3))", // too narrow for 'toolong'
                "CREATE TABLE p_nokey (a int, v varchar(20))");
        try (DaemonProcess miner = p.startMiner()) {
            DaemonProcess loader = p.startLoader();
            try {
                for (int id = 1; id <= 3; id++) {
                    writeRound(p, id);
                }
                awaitPaused(p, loader, List.of("p_col", "p_missing", "p_narrow", "p_nokey"));
                awaitCount(p, loader, "p_ok", 3);
                String out = loader.ownOutput();
                assertOneErrorLine(out, "p_col", "\"extra\"");
                assertOneErrorLine(out, "p_missing", "public.p_missing does not exist");
                assertOneErrorLine(out, "p_narrow", "column \"v\"", "in the row with key id='2'");
                assertOneErrorLine(out, "p_nokey", "has no primary key");
                assertThat(reasons(p)).as("mysql2gp.loader_paused reasons").hasSize(4)
                        .hasEntrySatisfying("p_col", r -> assertThat(r).contains("extra"))
                        .hasEntrySatisfying("p_missing", r -> assertThat(r).contains("does not exist"));

                // the other tables keep flowing while four are paused
                writeRound(p, 4);
                awaitCount(p, loader, "p_ok", 4);
                assertThat(count(p, "p_col")).as("rows of paused p_col").isZero();
                assertThat(loader.isAlive()).isTrue();

                // fix two targets: they catch up by themselves, without a restart
                long fixedAt = System.currentTimeMillis();
                target(p, "ALTER TABLE p_col ADD COLUMN extra int", "ALTER TABLE p_narrow ALTER COLUMN v TYPE varchar(20)");
                awaitEqual(p, loader, "p_col", "p_narrow");
                long caughtUpMs = System.currentTimeMillis() - fixedAt;
                assertThat(caughtUpMs).as("catch-up after the fix (pause_retry_seconds = %d)", RETRY_SECONDS)
                        .isLessThan(RETRY_SECONDS * 1000L + 3000);
                assertThat(reasons(p)).containsOnlyKeys("p_missing", "p_nokey");
                assertThat(loader.ownOutput()).contains("table \"p_col\" resumed", "table \"p_narrow\" resumed");

                // a restart keeps the remaining tables paused
                assertThat(loader.terminate(60)).as("loader exit code on SIGTERM").isZero();
                loader = p.startLoader();
                loader.awaitLog("2 paused table(s) [p_missing, p_nokey]", 60_000);
                writeRound(p, 5);
                awaitCount(p, loader, "p_ok", 5);
                awaitCount(p, loader, "p_col", 5);
                loader.awaitLog("still paused", RETRY_SECONDS * 1000L + 10_000);
                assertThat(reasons(p)).containsOnlyKeys("p_missing", "p_nokey");

                // ... and the missing table, created now, catches up on everything staged since the pause
                target(p, "CREATE TABLE p_missing (id int PRIMARY KEY, v varchar(20))");
                awaitEqual(p, loader, "p_missing");
                writeRound(p, 6);
                awaitEqual(p, loader, "p_ok", "p_col", "p_missing", "p_narrow");
                assertThat(count(p, "p_nokey")).as("rows of p_nokey, whose source has no primary key").isZero();
                assertThat(reasons(p)).containsOnlyKeys("p_nokey");
                assertThat(errorLines(loader.ownOutput()))
                        .as("ERROR lines after the restart (the tables were paused, and said so, before it)").isEmpty();
                assertThat(loader.isAlive()).isTrue();
                assertThat(loader.terminate(60)).isZero();
            } finally {
                loader.close();
            }
        }
    }

    /** One source transaction per table: insert row {@code id}, update row {@code id - 1}. */
    private static void writeRound(Pipeline p, int id) {
        for (String t : TABLES) {
            String value = t.equals("p_narrow") && id == 2 ? "'toolong'" : "'v" + id + "'";
            if (t.equals("p_nokey")) {
                p.mysql.execute(p.db, "INSERT INTO p_nokey VALUES (" + id + ", " + value + ")");
            } else if (t.equals("p_col")) {
                p.mysql.execute(p.db, "INSERT INTO p_col VALUES (" + id + ", " + value + ", " + (id * 10) + ")",
                        "UPDATE p_col SET extra = extra + 1 WHERE id = " + (id - 1));
            } else {
                p.mysql.execute(p.db, "INSERT INTO " + t + " VALUES (" + id + ", " + value + ")",
                        "UPDATE " + t + " SET v = CONCAT(v, 'u') WHERE id = " + (id - 1) + " AND v <> 'toolong'");
            }
        }
    }

    static void target(Pipeline p, String... sql) throws SQLException {
        try (Connection c = p.pg.connect(p.targetDb); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static long count(Pipeline p, String table) throws SQLException {
        try (Connection c = p.pg.connect(p.targetDb); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The paused tables recorded in the target, with their reasons. */
    static Map<String, String> reasons(Pipeline p) throws SQLException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = p.pg.connect(p.targetDb); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT tbl, reason FROM mysql2gp.loader_paused")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static void awaitPaused(Pipeline p, DaemonProcess loader, List<String> tables) throws Exception {
        await(loader, "tables " + tables + " recorded in mysql2gp.loader_paused", () -> {
            try {
                return reasons(p).keySet().containsAll(tables);
            } catch (SQLException e) {
                return false; // not created yet
            }
        });
    }

    static void awaitCount(Pipeline p, DaemonProcess loader, String table, long rows) throws Exception {
        await(loader, rows + " rows in target table " + table, () -> count(p, table) == rows);
    }

    /** Waits until each table's target rows equal its source rows (and hold at least one row). */
    static void awaitEqual(Pipeline p, DaemonProcess loader, String... tables) throws Exception {
        try (Connection src = p.mysql.connect(p.db); Connection tgt = p.pg.connect(p.targetDb)) {
            for (String t : tables) {
                await(loader, "target table " + t + " equal to the source", () -> {
                    Map<String, List<String>> expected = TableComparer.source(src, p.db, t);
                    return !expected.isEmpty() && expected.equals(TableComparer.target(tgt, "public", t, src, p.db));
                });
            }
        }
    }

    static List<String> errorLines(String out) {
        return out.lines().filter(l -> l.contains(" ERROR ")).toList();
    }

    static void assertOneErrorLine(String out, String table, String... mentions) {
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains(" ERROR ") && line.contains(table)) {
                lines.add(line);
            }
        }
        assertThat(lines).as("ERROR lines naming " + table + " in:\n" + out).hasSize(1);
        assertThat(lines.get(0)).contains(mentions);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} for up to 30 s; fails with the loader's log if it never holds or the loader exits. */
    static void await(DaemonProcess loader, String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!check.ok()) {
            if (!loader.isAlive()) {
                throw new AssertionError("loader exited while waiting for " + what + "; log:\n" + loader.ownOutput());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; loader log:\n" + loader.ownOutput());
            }
            Thread.sleep(100);
        }
    }
}

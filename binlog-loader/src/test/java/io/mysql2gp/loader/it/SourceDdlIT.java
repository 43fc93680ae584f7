package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DDL on synced source tables while both daemons run: TRUNCATE is applied in order, an added column
 * the target lacks pauses the table with a message until the target has it, a dropped column leaves
 * the target's column alone, a type or name change the target does not follow pauses the table with a
 * message naming table, column and key until the target is changed; and the daemons write their pid
 * files and rolling logs where configured.
 */
class SourceDdlIT {
    @Test
    void sourceDdlIsFollowedOrPausesWithAMessage() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "srcddl",
                "pause_retry_seconds = \"1\"\npid_file = \"loader.pid\"\nlog_dir = \"logs\"");
        p.dep.writeConfig(Files.readString(p.dep.config).replace("[binlogminer]\n",
                "[binlogminer]\npid_file = \"miner.pid\"\nlog_dir = \"logs\"\n"));
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db); Statement st = src.createStatement();
                Connection target = p.pg.connect(p.targetDb); Statement tst = target.createStatement()) {
            for (int i = 1; i <= 20; i++) {
                st.execute("INSERT INTO t_int (id, a) VALUES (" + i + ", 'before truncate')");
                st.execute("INSERT INTO t_str (code, v) VALUES ('k" + i + "', " + i + ")");
                st.execute("INSERT INTO t_comp (a, b, v) VALUES (" + i + ", 'x', " + i + ")");
            }
            p.awaitApplied(miner, loader, 60_000);

            // TRUNCATE, then new rows: applied in order
            st.execute("TRUNCATE TABLE t_int");
            st.execute("INSERT INTO t_int (id, a) VALUES (100, 'after truncate'), (101, 'after truncate')");
            // a column the target lacks: t_str pauses, the others go on
            st.execute("ALTER TABLE t_str ADD COLUMN extra INT");
            st.execute("INSERT INTO t_str (code, v, extra) VALUES ('new', 1, 42)");
            // a dropped source column: the target keeps it, later rows leave it NULL
            st.execute("ALTER TABLE t_comp DROP COLUMN v");
            st.execute("INSERT INTO t_comp (a, b) VALUES (500, 'y')");
            p.awaitApplied(miner, loader, 60_000);

            assertThat(count(tst, "SELECT count(*) FROM t_int")).isEqualTo(2);
            assertThat(count(tst, "SELECT count(*) FROM t_comp WHERE a = 500 AND v IS NULL")).isEqualTo(1);
            assertThat(count(tst, "SELECT count(*) FROM t_str WHERE code = 'new'")).as("t_str is paused").isZero();
            assertThat(loader.ownOutput()).contains("table \"t_str\" paused").contains("extra");
            assertThat(count(tst, "SELECT count(*) FROM mysql2gp.loader_paused WHERE tbl = 't_str'")).isEqualTo(1);

            tst.execute("ALTER TABLE t_str ADD COLUMN extra integer");
            long deadline = System.currentTimeMillis() + 30_000;
            while (count(tst, "SELECT count(*) FROM t_str WHERE code = 'new' AND extra = 42") == 0) {
                assertThat(System.currentTimeMillis()).as("t_str resumes by itself").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(loader.ownOutput()).contains("table \"t_str\" resumed");
            for (String table : List.of("t_int", "t_str")) {
                Map<String, List<String>> expected = TableComparer.source(src, p.db, table);
                assertThat(TableComparer.target(target, "public", table, src, p.db)).as(table).isEqualTo(expected);
            }

            Path dir = p.dep.dir;
            assertThat(Files.readString(dir.resolve("miner.pid")).trim()).isEqualTo(Long.toString(miner.pid()));
            assertThat(Files.readString(dir.resolve("loader.pid")).trim()).isEqualTo(Long.toString(loader.pid()));
            assertThat(Files.readString(dir.resolve("logs/binlog_miner.log"))).contains("binlog_miner").contains("starting");
            assertThat(Files.readString(dir.resolve("logs/binlog_loader.log"))).contains("table \"t_str\" resumed");
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
            assertThat(dir.resolve("miner.pid")).as("pid file removed on a clean stop").doesNotExist();
        }
    }

    @Test
    void droppingOrRenamingASyncedTablePausesItWithTheStatement() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "srcdrop", "pause_retry_seconds = \"1\"");
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db); Statement st = src.createStatement();
                Connection target = p.pg.connect(p.targetDb); Statement tst = target.createStatement()) {
            st.execute("INSERT INTO t_comp (a, b, v) VALUES (1, 'x', 1)");
            st.execute("RENAME TABLE t_comp TO t_comp_old");
            st.execute("INSERT INTO t_int (id, a) VALUES (1, 'still flowing')");
            p.awaitApplied(miner, loader, 60_000);
            assertThat(count(tst, "SELECT count(*) FROM t_int WHERE id = 1")).as("other tables go on").isEqualTo(1);
            assertThat(loader.ownOutput()).contains("table \"t_comp\" paused")
                    .contains("dropped or renamed").contains("RENAME TABLE t_comp TO t_comp_old");
            assertThat(count(tst, "SELECT count(*) FROM mysql2gp.loader_paused WHERE tbl = 't_comp'")).isEqualTo(1);

            // the documented way on: take it out of the list (re-add it once set up again)
            p.dep.writeTables(List.of("t_int", "t_str", "t_types"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (count(tst, "SELECT count(*) FROM mysql2gp.loader_paused WHERE tbl = 't_comp'") > 0) {
                assertThat(System.currentTimeMillis()).as("the unlisted table is forgotten").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
        }
    }

    @Test
    void typeAndNameChangesThatNoLongerFitPauseTheTableUntilTheTargetIsChanged() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "srctype", "pause_retry_seconds = \"1\"");
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db); Statement st = src.createStatement();
                Connection target = p.pg.connect(p.targetDb); Statement tst = target.createStatement()) {
            st.execute("INSERT INTO t_str (code, v) VALUES ('small', 1)");
            st.execute("INSERT INTO t_int (id, a) VALUES (1, 'short')");
            st.execute("INSERT INTO t_comp (a, b, v) VALUES (1, 'x', 1)");
            p.awaitApplied(miner, loader, 60_000);

            // widened on the source only: rows that still fit go on, the first that does not pauses the table
            st.execute("ALTER TABLE t_str MODIFY v BIGINT");
            st.execute("INSERT INTO t_str (code, v) VALUES ('fits', 2)");
            st.execute("INSERT INTO t_str (code, v) VALUES ('huge', 5000000000)");
            st.execute("ALTER TABLE t_int MODIFY a VARCHAR(200)");
            st.execute("INSERT INTO t_int (id, a) VALUES (2, '" + "x".repeat(120) + "')");
            // a renamed column: the target has no column of the new name
            st.execute("ALTER TABLE t_comp CHANGE v w INT");
            st.execute("INSERT INTO t_comp (a, b, w) VALUES (2, 'y', 2)");
            st.execute("INSERT INTO t_types (id) VALUES (1)");
            p.awaitApplied(miner, loader, 60_000);

            assertThat(count(tst, "SELECT count(*) FROM t_types WHERE id = 1")).as("other tables go on").isEqualTo(1);
            assertThat(count(tst, "SELECT count(*) FROM mysql2gp.loader_paused")).isEqualTo(3);
            assertThat(count(tst, "SELECT count(*) FROM t_str WHERE code = 'huge'")).as("t_str is paused").isZero();
            LoaderPauseIT.assertOneErrorLine(loader.ownOutput(), "\"t_str\"", "column \"v\"", "code='huge'");
            LoaderPauseIT.assertOneErrorLine(loader.ownOutput(), "\"t_int\"", "column \"a\"", "id='2'");
            LoaderPauseIT.assertOneErrorLine(loader.ownOutput(), "\"t_comp\"", "\"w\"");

            tst.execute("ALTER TABLE t_str ALTER COLUMN v TYPE bigint");
            tst.execute("ALTER TABLE t_int ALTER COLUMN a TYPE varchar(200)");
            tst.execute("ALTER TABLE t_comp RENAME COLUMN v TO w");
            long deadline = System.currentTimeMillis() + 30_000;
            while (count(tst, "SELECT count(*) FROM mysql2gp.loader_paused") > 0) {
                assertThat(System.currentTimeMillis()).as("the tables resume by themselves").isLessThan(deadline);
                Thread.sleep(200);
            }
            for (String table : List.of("t_str", "t_int", "t_comp")) {
                assertThat(loader.ownOutput()).contains("table \"" + table + "\" resumed");
                Map<String, List<String>> expected = TableComparer.source(src, p.db, table);
                assertThat(TableComparer.target(target, "public", table, src, p.db)).as(table).isEqualTo(expected);
            }
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
        }
    }

    static long count(Statement st, String sql) throws Exception {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

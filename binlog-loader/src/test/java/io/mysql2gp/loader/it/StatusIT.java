package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@code binlog_loader status} and {@code binlog_miner status} against a running task: healthy with
 * both daemons up (exit 0, JSON fields match staging and target), exit 1 once the loader stops, and
 * exit 1 naming the table and reason when the target cannot take a table, exit 3 naming an
 * unreachable target.
 */
class StatusIT {
    private Pipeline p;
    private int runs;

    /** Runs {@code <main> status args...} as its own JVM; returns exit code and output. */
    private Result status(String main, String... args) throws Exception {
        Path out = p.dep.dir.resolve("status-" + (++runs) + ".out");
        String[] all = new String[args.length + 1];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = DaemonProcess.run(main, p.dep.config, out, 120, all);
        return new Result(code, Files.readString(out));
    }

    private record Result(int code, String output) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(output);
        }
    }

    @Test
    void statusFollowsTheDaemons() throws Exception {
        p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "status", "");
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db)) {
            new Workload(3, true).run(src, p.db, p.db.replace("_src", "_other"), 2_000);
            p.awaitApplied(miner, loader, 120_000);

            Result healthy = status(DaemonProcess.LOADER, "--json");
            assertThat(healthy.code()).as(healthy.output()).isZero();
            JsonNode j = healthy.json();
            long lastSeq;
            try (Connection staging = p.pg.connect(p.stagingDb); Statement st = staging.createStatement();
                    ResultSet rs = st.executeQuery("SELECT last_seq, binlog_file FROM mysql2gp.miner_state")) {
                rs.next();
                lastSeq = rs.getLong(1);
                assertThat(j.at("/miner/binlog_file").asText()).isEqualTo(rs.getString(2));
            }
            assertThat(j.get("status").asText()).isEqualTo("healthy");
            assertThat(j.get("problems")).isEmpty();
            assertThat(j.at("/miner/running").asBoolean()).isTrue();
            assertThat(j.at("/miner/holder").asText())
                    .matches("\"binlog_miner pid \\d+\" from 127\\.0\\.0\\.1, backend pid \\d+");
            assertThat(j.at("/miner/last_seq").asLong()).isGreaterThanOrEqualTo(lastSeq).isPositive();
            assertThat(j.at("/miner/heartbeat_age_seconds").asLong()).isLessThan(30);
            assertThat(j.at("/loader/running").asBoolean()).isTrue();
            assertThat(j.at("/loader/applied_seq").asLong()).isGreaterThanOrEqualTo(lastSeq);
            assertThat(j.at("/loader/rows_applied").asLong()).isPositive();
            assertThat(j.at("/staging/backlog_rows").asLong()).isZero();
            assertThat(j.at("/staging/error").isNull()).isTrue();
            assertThat(j.at("/source/binlog_file").asText()).isEqualTo(Servers.currentBinlogFile(p.mysql));
            assertThat(j.at("/source/bytes_behind").isNumber()).as(healthy.output()).isTrue();
            assertThat(j.at("/tables").findValuesAsText("table")).containsExactly("t_int", "t_str", "t_comp", "t_types");
            assertThat(j.at("/tables").findValuesAsText("state")).containsOnly("ok");

            Result minerText = status(DaemonProcess.MINER);
            assertThat(minerText.code()).as(minerText.output()).isZero();
            assertThat(minerText.output()).contains("HEALTHY (exit code 0)").contains("miner:   running (")
                    .contains("loader:  running (");

            // an unreachable target: that part says so, the others are still shown, exit 3
            Path other = Files.createTempDirectory(p.dep.dir, "badtarget");
            Files.copy(p.dep.tableList, other.resolve("loader_table_list.txt"));
            Files.writeString(other.resolve("my.cnf"), Files.readString(p.dep.config).replace(
                    "connect_string = \"" + p.pg.connectString(p.targetDb) + "\"",
                    "connect_string = \"host=127.0.0.1 port=1 dbname=nowhere user=x\""));
            Path out = other.resolve("status.out");
            int code = DaemonProcess.run(DaemonProcess.LOADER, other.resolve("my.cnf"), out, 120, "status");
            String text = Files.readString(out);
            assertThat(code).as(text).isEqualTo(3);
            assertThat(text).contains("UNREACHABLE (exit code 3)")
                    .contains("cannot read target database: host=127.0.0.1 port=1 dbname=nowhere user=x")
                    .contains("miner:   running (").contains("loader:  running (")
                    .contains("backlog unknown (loader checkpoint not readable)");

            // a paused table: the target lost a column the source still writes
            try (Connection target = p.pg.connect(p.targetDb); Statement st = target.createStatement()) {
                st.execute("ALTER TABLE public.t_str DROP COLUMN note");
            }
            try (Statement st = src.createStatement()) {
                st.execute("INSERT INTO t_str (code, v, note) VALUES ('status-it', 1, 'x')");
            }
            src.commit();
            awaitPaused("t_str", 60_000);
            Result paused = status(DaemonProcess.LOADER);
            assertThat(paused.code()).as(paused.output()).isEqualTo(1);
            assertThat(paused.output()).contains("UNHEALTHY (exit code 1)")
                    .containsPattern("problem: table \"t_str\" is paused since .* \\(from staged seq \\d+\\): .*note")
                    .containsPattern("t_str +PAUSED since .*; 1 unapplied");
            JsonNode pj = status(DaemonProcess.LOADER, "--json").json();
            JsonNode t = pj.at("/tables/1");
            assertThat(t.get("table").asText()).isEqualTo("t_str");
            assertThat(t.get("state").asText()).isEqualTo("paused");
            assertThat(t.get("reason").asText()).contains("note");
            assertThat(t.get("unapplied").asLong()).isEqualTo(1);

            // loader stopped
            assertThat(loader.terminate(60)).isZero();
            Result stopped = status(DaemonProcess.LOADER, "--json");
            assertThat(stopped.code()).as(stopped.output()).isEqualTo(1);
            assertThat(stopped.json().at("/loader/running").asBoolean()).isFalse();
            assertThat(stopped.json().at("/miner/running").asBoolean()).isTrue();
            assertThat(stopped.json().get("problems").toString()).contains("binlog_loader is not running");
            Result stoppedText = status(DaemonProcess.MINER);
            assertThat(stoppedText.code()).isEqualTo(1);
            assertThat(stoppedText.output()).contains("loader:  NOT RUNNING")
                    .contains("problem: binlog_loader is not running");
            assertThat(miner.terminate(60)).isZero();
            Result none = status(DaemonProcess.MINER, "--json");
            assertThat(none.code()).as(none.output()).isEqualTo(1);
            assertThat(none.json().get("problems").toString()).contains("binlog_miner is not running")
                    .contains("binlog_loader is not running");
        }
    }

    private void awaitPaused(String table, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (Connection target = p.pg.connect(p.targetDb); Statement st = target.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM mysql2gp.loader_paused WHERE tbl = '" + table
                        + "'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("table " + table + " was not paused within " + timeoutMillis + " ms; loader log:\n"
                + Files.readString(p.dep.loaderLog));
    }
}

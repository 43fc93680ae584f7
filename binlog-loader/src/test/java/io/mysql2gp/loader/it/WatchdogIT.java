package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * scripts/watchdog.sh as cron runs it: starts what is not running, leaves running daemons alone,
 * restarts a killed one, never starts a second copy even when run concurrently with itself.
 */
class WatchdogIT {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    static int watchdog(Path dir) throws Exception {
        Process p = new ProcessBuilder("bash", ROOT.resolve("scripts/watchdog.sh").toString(), dir.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    static long pid(Path dir, String daemon) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve(daemon + ".pid")).trim());
    }

    /** Processes whose command line runs {@code mainClass} with this deployment's my.cnf. */
    static List<ProcessHandle> copies(Path config, String mainClass) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(ph -> {
            Optional<String> cmd = ph.info().commandLine();
            if (cmd.isPresent() && cmd.get().contains(mainClass) && cmd.get().contains("--config " + config)) {
                out.add(ph);
            }
        });
        return out;
    }

    static void awaitAlive(Path config, String mainClass, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (copies(config, mainClass).size() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(copies(config, mainClass)).as(mainClass + " copies").hasSize(expected);
    }

    @Test
    void theWatchdogKeepsExactlyOneCopyOfEachDaemonRunning() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "wd", "");
        p.createTargetTables();
        Path dir = p.dep.dir;
        Path config = p.dep.config;
        try {
            assertThat(watchdog(dir)).isZero();
            awaitAlive(config, "io.mysql2gp.miner.Main", 1);
            awaitAlive(config, "io.mysql2gp.loader.Main", 1);
            long miner = pid(dir, "binlog_miner");
            long loader = pid(dir, "binlog_loader");
            assertThat(ProcessHandle.of(miner)).isPresent();

            assertThat(watchdog(dir)).isZero();
            assertThat(pid(dir, "binlog_miner")).as("a running miner is left alone").isEqualTo(miner);
            assertThat(pid(dir, "binlog_loader")).isEqualTo(loader);

            ProcessHandle.of(miner).orElseThrow().destroyForcibly();
            ProcessHandle.of(miner).ifPresent(ph -> ph.onExit().join());
            assertThat(watchdog(dir)).isZero();
            awaitAlive(config, "io.mysql2gp.miner.Main", 1);
            assertThat(pid(dir, "binlog_miner")).as("the killed miner was restarted").isNotEqualTo(miner);
            assertThat(pid(dir, "binlog_loader")).as("the loader was left alone").isEqualTo(loader);

            ProcessHandle killed = ProcessHandle.of(pid(dir, "binlog_loader")).orElseThrow();
            killed.destroyForcibly();
            killed.onExit().join();
            List<Process> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(new ProcessBuilder("bash", ROOT.resolve("scripts/watchdog.sh").toString(), dir.toString()).start());
            }
            for (Process r : runs) {
                assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            awaitAlive(config, "io.mysql2gp.loader.Main", 1);
            Thread.sleep(2000);
            assertThat(copies(config, "io.mysql2gp.loader.Main")).as("concurrent watchdogs start one loader").hasSize(1);
            assertThat(copies(config, "io.mysql2gp.miner.Main")).hasSize(1);

            String log = Files.readString(dir.resolve("watchdog.log"));
            assertThat(log).contains("binlog_miner is not running; starting it")
                    .contains("binlog_miner (pid " + miner + ") is not running; restarting it")
                    .containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d watchdog: binlog_loader started");

            // and the pipeline the watchdog started works
            try (var src = p.mysql.connect(p.db); var st = src.createStatement()) {
                st.execute("INSERT INTO t_int (id, a) VALUES (424242, 'via watchdog')");
            }
            p.awaitApplied(null, null, 60_000);
            try (var t = p.pg.connect(p.targetDb); var st = t.createStatement();
                    var rs = st.executeQuery("SELECT a FROM t_int WHERE id = 424242")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("via watchdog");
            }
        } finally {
            for (String main : List.of("io.mysql2gp.miner.Main", "io.mysql2gp.loader.Main")) {
                for (ProcessHandle ph : copies(config, main)) {
                    ph.destroy();
                    ph.onExit().get(60, TimeUnit.SECONDS);
                }
            }
        }
    }
}

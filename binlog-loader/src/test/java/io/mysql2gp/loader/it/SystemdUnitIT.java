package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units of conf/systemd, installed as their comments say (release under /opt/mysql2gp,
 * one directory per task under /etc/mysql2gp): systemd-analyze accepts them, and their ExecStart, run
 * as systemd runs it (instance name substituted, in WorkingDirectory), syncs; the unit's KillSignal
 * stops each daemon with exit 0 within TimeoutStopSec (so Restart=on-failure leaves it stopped), and
 * a broken my.cnf exits with a status RestartPreventExitStatus names (so systemd does not loop).
 */
class SystemdUnitIT {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final String INSTANCE = "task1";

    /** A unit file as installed: the source checkout stands for /opt/mysql2gp, {@code etc} for /etc/mysql2gp. */
    record Unit(String name, String text) {
        static Unit installed(String daemon, Path etc) throws Exception {
            String text = Files.readString(ROOT.resolve("conf/systemd/" + daemon + "@.service"))
                    .replace("/opt/mysql2gp", ROOT.toString()).replace("/etc/mysql2gp", etc.toString());
            return new Unit(daemon + "@" + INSTANCE + ".service", text);
        }

        /** The [Service] keys with systemd's instance specifier %i substituted. */
        Map<String, String> service() {
            Map<String, String> keys = new LinkedHashMap<>();
            boolean inService = false;
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.startsWith("[")) {
                    inService = l.equals("[Service]");
                } else if (inService && !l.isEmpty() && !l.startsWith("#")) {
                    int eq = l.indexOf('=');
                    keys.put(l.substring(0, eq), l.substring(eq + 1).replace("%i", INSTANCE));
                }
            }
            return keys;
        }

        /** Starts ExecStart as systemd would: split on blanks, in WorkingDirectory, output to {@code log}. */
        Process start(Path log) throws Exception {
            Map<String, String> s = service();
            return new ProcessBuilder(Arrays.asList(s.get("ExecStart").split(" +")))
                    .directory(Path.of(s.get("WorkingDirectory")).toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** Sends KillSignal and returns the exit status, which must come within TimeoutStopSec. */
        int stop(Process p) throws Exception {
            Map<String, String> s = service();
            assertThat(s.get("KillSignal")).isEqualTo("SIGTERM"); // what Process.destroy() sends
            p.destroy();
            assertThat(p.waitFor(Long.parseLong(s.get("TimeoutStopSec")), TimeUnit.SECONDS))
                    .as(name + " stops within TimeoutStopSec").isTrue();
            return p.exitValue();
        }
    }

    @Test
    void systemdAnalyzeAcceptsBothUnits(@TempDir Path etc) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Files.createDirectories(etc.resolve(INSTANCE));
        for (String daemon : List.of("binlog_miner", "binlog_loader")) {
            Unit unit = Unit.installed(daemon, etc);
            Path file = etc.resolve(unit.name());
            Files.writeString(file, unit.text());
            Process p = new ProcessBuilder(analyze.toString(), "verify", file.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // verify exits 0 even for keys it ignores, so any output at all is a defect of the unit
            assertThat(out).as(unit.name() + ": systemd-analyze verify").isEmpty();
            assertThat(p.exitValue()).isZero();
            assertThat(unit.service()).containsEntry("Restart", "on-failure")
                    .containsEntry("RestartPreventExitStatus", "2");
        }
    }

    @Test
    void theUnitsStartSyncAndStopTheDaemonsAsSystemdWould(@TempDir Path etc) throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "sysd", "");
        p.createTargetTables();
        Files.createSymbolicLink(etc.resolve(INSTANCE), p.dep.dir);
        Unit miner = Unit.installed("binlog_miner", etc);
        Unit loader = Unit.installed("binlog_loader", etc);
        assertThat(miner.service().get("ExecStart")).endsWith("--config " + etc + "/" + INSTANCE + "/my.cnf");

        Process m = miner.start(p.dep.dir.resolve("systemd-miner.out"));
        Process l = loader.start(p.dep.dir.resolve("systemd-loader.out"));
        try (Connection src = p.mysql.connect(p.db); Statement st = src.createStatement();
                Connection target = p.pg.connect(p.targetDb); Statement tst = target.createStatement()) {
            st.execute("INSERT INTO t_int (id, a) VALUES (1, 'via systemd'), (2, 'via systemd')");
            long deadline = System.currentTimeMillis() + 90_000;
            while (SourceDdlIT.count(tst, "SELECT count(*) FROM t_int WHERE a = 'via systemd'") < 2) {
                assertThat(m.isAlive() && l.isAlive()).as("both daemons run").isTrue();
                assertThat(System.currentTimeMillis()).as("rows applied through the units").isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            int loaderExit = loader.stop(l);
            int minerExit = miner.stop(m);
            assertThat(loaderExit).as("binlog_loader exit on SIGTERM (0: Restart=on-failure leaves it stopped)")
                    .isZero();
            assertThat(minerExit).as("binlog_miner exit on SIGTERM").isZero();
        }

        // a broken my.cnf: the exit status is one systemd will not restart on
        Files.writeString(p.dep.config, Files.readString(p.dep.config).replace("[src.mysql]", "[src.mysql"));
        for (Unit unit : List.of(miner, loader)) {
            Process bad = unit.start(p.dep.dir.resolve("systemd-bad.out"));
            assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(String.valueOf(bad.exitValue())).as(unit.name() + " exit on a broken my.cnf")
                    .isIn(Arrays.asList(unit.service().get("RestartPreventExitStatus").split(" ")));
        }
    }
}

package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What binlog_loader does when it cannot or must not run: a second copy on the same staging
 * database, a missing section, an unreachable target, a target schema that does not exist. Each
 * case is one clear line and a documented exit code; no log line holds the target's password.
 */
class LoaderStartupIT {
    static final String PASSWORD = "Pw-9f3kQz7";

    @Test
    void aSecondLoaderOnTheSameStagingDatabaseExitsWith4WhileTheFirstKeepsWorking() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "lease", "");
        p.mysql.execute(p.db, "CREATE TABLE k (id INT PRIMARY KEY, v VARCHAR(20))");
        LoaderPauseIT.target(p, "CREATE TABLE k (id int PRIMARY KEY, v varchar(20))");
        p.dep.writeTables(List.of("k"));
        try (DaemonProcess miner = p.startMiner(); DaemonProcess first = p.startLoader()) {
            first.awaitLog("target is", 60_000);
            Path secondLog = p.dep.dir.resolve("loader2.log");
            int code = DaemonProcess.run(DaemonProcess.LOADER, p.dep.config, secondLog, 60);
            String out = Files.readString(secondLog, StandardCharsets.UTF_8);
            assertThat(code).as("exit code of the second loader; log:\n" + out).isEqualTo(4);
            assertThat(out).contains("another binlog_loader is already working on staging database \"" + p.stagingDb
                    + "\"", "held by \"binlog_loader pid ");
            assertThat(errorLines(out)).as("ERROR lines of the second loader").hasSize(1);

            // the first one still applies changes and stops cleanly
            p.mysql.execute(p.db, "INSERT INTO k VALUES (1, 'one'), (2, 'two')");
            LoaderPauseIT.awaitEqual(p, first, "k");
            assertThat(first.isAlive()).isTrue();
            assertThat(first.terminate(60)).as("exit code of the first loader on SIGTERM").isZero();
            assertThat(first.ownOutput()).doesNotContain(" ERROR ");
        }
    }

    @Test
    void aMissingTargetSectionExitsWith2NamingIt() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "badcnf", "");
        String cnf = Files.readString(p.dep.config);
        p.dep.writeConfig(cnf.replaceAll("(?s)\\[desc\\.pgsql\\].*?\\n\\n", ""));
        assertThat(Files.readString(p.dep.config)).doesNotContain("desc.pgsql");
        String out = run(p, 2);
        assertThat(errorLines(out)).as("ERROR lines").hasSize(1);
        assertThat(errorLines(out).get(0)).contains("my.cnf: [desc.pgsql]: missing section (binlog_loader needs it)");
    }

    @Test
    void anUnreachableTargetExitsWith3NamingItAndNeverItsPassword() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "badtgt", "");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String cnf = Files.readString(p.dep.config);
        String target = "connect_string = \"" + p.pg.connectString(p.targetDb) + "\"";
        assertThat(cnf).contains(target);
        p.dep.writeConfig(cnf.replace(target, "connect_string = \"host=127.0.0.1 port=" + port + " dbname=" + p.targetDb
                + " user=postgres password=" + PASSWORD + "\""));
        long start = System.currentTimeMillis();
        String out = run(p, 3);
        assertThat(errorLines(out)).as("ERROR lines").hasSize(1);
        assertThat(errorLines(out).get(0)).contains("target", "127.0.0.1:" + port + "/" + p.targetDb);
        assertThat(out).doesNotContain(PASSWORD);
        assertThat(System.currentTimeMillis() - start).as("ms until the loader gave up").isLessThan(30_000);
    }

    @Test
    void aTargetSchemaThatDoesNotExistExitsWith3NamingIt() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "badschema", "");
        String cnf = Files.readString(p.dep.config);
        assertThat(cnf).contains("target_schema = \"public\"");
        p.dep.writeConfig(cnf.replace("target_schema = \"public\"", "target_schema = \"no_such_schema\""));
        String out = run(p, 3);
        assertThat(errorLines(out)).as("ERROR lines").hasSize(1);
        assertThat(errorLines(out).get(0)).contains("[desc.pgsql] target_schema", "\"no_such_schema\"",
                "does not exist");
    }

    /** Runs the loader to its end, expecting {@code code}; returns its output. */
    private static String run(Pipeline p, int code) throws Exception {
        int actual = DaemonProcess.run(DaemonProcess.LOADER, p.dep.config, p.dep.loaderLog, 60);
        String out = Files.exists(p.dep.loaderLog) ? Files.readString(p.dep.loaderLog, StandardCharsets.UTF_8) : "";
        assertThat(actual).as("exit code; log:\n" + out).isEqualTo(code);
        return out;
    }

    static List<String> errorLines(String out) {
        return out.lines().filter(l -> l.contains(" ERROR ")).toList();
    }
}

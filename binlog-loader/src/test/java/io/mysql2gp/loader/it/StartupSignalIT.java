package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM during start-up, before the daemon runs, exits 0 like a stop while running (not 143):
 * the daemon is held in start-up reading a my.cnf that is a named pipe nobody writes to.
 */
class StartupSignalIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DaemonProcess.MINER, DaemonProcess.LOADER})
    void sigtermDuringStartUpExitsZero(String mainClass) throws Exception {
        Path config = dir.resolve("my.cnf");
        Process mkfifo = new ProcessBuilder("mkfifo", config.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        Path log = dir.resolve("daemon.log");
        try (DaemonProcess p = DaemonProcess.start(mainClass, config, log)) {
            awaitBlockedOnPipe(p);
            assertThat(p.terminate(60)).as("exit code; log:\n%s", p.output()).isZero();
            assertThat(p.output()).contains("SIGTERM received during start-up");
        }
    }

    /** Waits until a thread of the process blocks opening the pipe (the kernel waits for a writer). */
    private static void awaitBlockedOnPipe(DaemonProcess p) throws Exception {
        Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (waitsForWriter(tasks)) {
                return;
            }
            assertThat(p.isAlive()).as("daemon alive; log:\n%s", p.output()).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the daemon did not block opening my.cnf within 60 s");
    }

    private static boolean waitsForWriter(Path tasks) {
        try (Stream<Path> s = Files.list(tasks)) {
            return s.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("wchan")).contains("wait_for_partner");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}

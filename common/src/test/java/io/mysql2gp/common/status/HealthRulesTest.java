package io.mysql2gp.common.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.status.HealthRules.Health;
import io.mysql2gp.common.status.HealthRules.SourceLag;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.LogFile;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.SourceFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthRulesTest {
    static final Instant NOW = Facts.NOW;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a healthy task exits 0", (Consumer<Facts>) f -> { }, 0, null),
                Arguments.of("a stopped miner is unhealthy", (Consumer<Facts>) f -> f.miner = Facts.NONE, 1,
                        "binlog_miner is not running"),
                Arguments.of("a stopped loader is unhealthy", (Consumer<Facts>) f -> f.loader = Facts.NONE, 1,
                        "binlog_loader is not running"),
                Arguments.of("a paused table is unhealthy and named with its reason", (Consumer<Facts>) f -> f.paused =
                        List.of(new Paused("t_str", 77, "target column \"note\" is missing", NOW.minusSeconds(60))), 1,
                        "table \"t_str\" is paused since 2026-11-25T00:59:00Z (from staged seq 77): target column \"note\" is missing"),
                Arguments.of("a heartbeat older than the limit is unhealthy", (Consumer<Facts>) f -> f.state =
                        state(NOW.minusSeconds(61)), 1, "heartbeat) is 61 s old, limit 60 s"),
                Arguments.of("a heartbeat at the limit is healthy", (Consumer<Facts>) f -> f.state =
                        state(NOW.minusSeconds(60)), 0, null),
                Arguments.of("an unapplied change older than the lag limit is unhealthy", (Consumer<Facts>) f ->
                        f.backlog = new Backlog(12, 3000, true, NOW.minusSeconds(301), Map.of("t_int", 12L)), 1,
                        "the oldest unapplied staged change is 301 s old (12 changes waiting), limit 300 s"),
                Arguments.of("a young backlog is healthy", (Consumer<Facts>) f ->
                        f.backlog = new Backlog(12, 3000, true, NOW.minusSeconds(5), Map.of("t_int", 12L)), 0, null),
                Arguments.of("a miner more bytes behind the source than the limit is unhealthy", (Consumer<Facts>) f ->
                        f.source = new SourceFacts(new BinlogPosition("binlog.000003", 100, null), List.of(
                                new LogFile("binlog.000002", 1200 + (1L << 30)), new LogFile("binlog.000003", 100))), 1,
                        "the miner is 1073741924 bytes (1 binlog files) behind the source"),
                Arguments.of("a purged miner file is unhealthy", (Consumer<Facts>) f ->
                        f.source = new SourceFacts(new BinlogPosition("binlog.000009", 100, null),
                                List.of(new LogFile("binlog.000008", 10), new LogFile("binlog.000009", 100))), 1,
                        "binlog.000002 is no longer on the source (oldest is binlog.000008)"),
                Arguments.of("an unreadable staging database exits 3", (Consumer<Facts>) f ->
                        f.stagingError = "connection refused", 3, null),
                Arguments.of("an unreadable target exits 3 even with a stopped loader", (Consumer<Facts>) f -> {
                    f.targetError = "connection refused";
                    f.loader = Facts.NONE;
                }, 3, "binlog_loader is not running"),
                Arguments.of("an unreadable source exits 3", (Consumer<Facts>) f -> f.sourceError = "refused", 3, null),
                Arguments.of("a source not configured (loader's my.cnf) is not a problem",
                        (Consumer<Facts>) f -> f.sourceConfigured = false, 0, null),
                Arguments.of("a miner that has staged nothing yet is healthy while both run",
                        (Consumer<Facts>) f -> f.state = null, 0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rules(String name, Consumer<Facts> change, int exitCode, String problem) {
        Facts f = new Facts();
        change.accept(f);
        Health h = HealthRules.evaluate(f.build(), HealthRules.Thresholds.DEFAULTS);
        assertThat(h.exitCode()).as(h.toString()).isEqualTo(exitCode);
        if (problem != null) {
            assertThat(h.problems()).anySatisfy(p -> assertThat(p).contains(problem));
        } else if (exitCode == 0) {
            assertThat(h.problems()).isEmpty();
        }
        if (exitCode == 3) {
            assertThat(h.unreachable()).isNotEmpty();
        }
    }

    @Test
    void unreachableDatabasesAreNamed() {
        Facts f = new Facts();
        f.targetError = "refused";
        f.sourceError = "access denied";
        Health h = HealthRules.evaluate(f.build(), HealthRules.Thresholds.DEFAULTS);
        assertThat(h.unreachable()).containsExactly("target database: refused", "source: access denied");
    }

    static MinerState state(Instant updatedAt) {
        return new MinerState(500, 40, new BinlogPosition("binlog.000002", 1200, null), NOW.minusSeconds(30), updatedAt);
    }

    static Stream<Arguments> lags() {
        List<LogFile> logs = List.of(new LogFile("b.000001", 1000), new LogFile("b.000002", 2000),
                new LogFile("b.000003", 3000), new LogFile("b.000004", 400));
        return Stream.of(
                Arguments.of("same file, caught up", "b.000004", 400, "b.000004", 400, logs, 0L, 0, 0L, null),
                Arguments.of("same file, behind", "b.000004", 100, "b.000004", 400, logs, 300L, 0, 30L, null),
                Arguments.of("two files back", "b.000002", 500, "b.000004", 400, logs, 1500L + 3000 + 400, 2, 30L, null),
                Arguments.of("miner's file rotated away", "b.000000", 4, "b.000004", 400, logs, null, null, 30L,
                        "the miner's binlog file b.000000 is no longer on the source (oldest is b.000001): purged before it was read"),
                Arguments.of("no file name yet (MariaDB GTID start)", "", 4, "b.000004", 400, logs, null, null, null,
                        "binlog file name not known yet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lags")
    void sourceLag(String name, String minerFile, long minerPos, String srcFile, long srcPos, List<LogFile> logs,
            Long bytes, Integer files, Long seconds, String note) {
        MinerState m = new MinerState(1, 1, new BinlogPosition(minerFile, minerPos, null), NOW.minusSeconds(30), NOW);
        SourceLag lag = HealthRules.sourceLag(m, new SourceFacts(new BinlogPosition(srcFile, srcPos, null), logs), NOW);
        assertThat(lag).isEqualTo(new SourceLag(bytes, files, seconds, note));
    }
}

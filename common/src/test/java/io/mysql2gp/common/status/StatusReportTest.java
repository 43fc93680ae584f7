package io.mysql2gp.common.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.Paused;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    static JsonNode json(StatusReport r) throws Exception {
        return new ObjectMapper().readTree(r.json());
    }

    @Test
    void healthyJsonHasEveryPart() throws Exception {
        JsonNode j = json(new Facts().report());
        assertThat(j.get("status").asText()).isEqualTo("healthy");
        assertThat(j.get("exit_code").asInt()).isZero();
        assertThat(j.get("problems")).isEmpty();
        assertThat(j.at("/miner/running").asBoolean()).isTrue();
        assertThat(j.at("/miner/binlog_file").asText()).isEqualTo("binlog.000002");
        assertThat(j.at("/miner/binlog_pos").asLong()).isEqualTo(1200);
        assertThat(j.at("/miner/gtid").asText()).isEqualTo("0-1-40");
        assertThat(j.at("/miner/heartbeat_age_seconds").asLong()).isEqualTo(2);
        assertThat(j.at("/miner/updated_at").asText()).isEqualTo("2026-11-25T00:59:58Z");
        assertThat(j.at("/source/bytes_behind").asLong()).isZero();
        assertThat(j.at("/source/seconds_behind").asLong()).isZero();
        assertThat(j.at("/staging/backlog_rows").asLong()).isZero();
        assertThat(j.at("/staging/oldest_unapplied_event_ts").isNull()).isTrue();
        assertThat(j.at("/loader/running").asBoolean()).isTrue();
        assertThat(j.at("/loader/applied_seq").asLong()).isEqualTo(500);
        assertThat(j.at("/loader/applied_age_seconds").asLong()).isEqualTo(3);
        assertThat(j.at("/loader/rows_applied").asLong()).isEqualTo(900);
        assertThat(j.at("/tables/0/table").asText()).isEqualTo("t_int");
        assertThat(j.at("/tables/0/state").asText()).isEqualTo("ok");
        assertThat(j.at("/tables/1/unapplied").asLong()).isZero();
    }

    @Test
    void theOldestBinlogAndTheFilesBeforeTheMinersAreShown() throws Exception {
        StatusReport r = new Facts().report();
        assertThat(r.text()).contains("; oldest binlog binlog.000001, 1 file(s) before the miner's");
        assertThat(json(r).at("/source/oldest_binlog_file").asText()).isEqualTo("binlog.000001");
        assertThat(json(r).at("/source/binlog_files_before_miner").asLong()).isEqualTo(1);
    }

    @Test
    void pausedTableAppearsInTextAndJson() throws Exception {
        Facts f = new Facts();
        f.paused = List.of(new Paused("t_str", 77, "target column \"note\" is missing", Facts.NOW.minusSeconds(60)));
        f.backlog = new Backlog(3, 420, true, Facts.NOW.minusSeconds(4), Map.of("t_str", 3L));
        f.pausedWaiting = Map.of("t_str", 9L);
        StatusReport r = f.report();
        assertThat(r.text()).startsWith("status at 2026-11-25T01:00:00Z: UNHEALTHY (exit code 1)\n")
                .contains("problem: table \"t_str\" is paused")
                .contains("t_str                   PAUSED since 2026-11-25T00:59:00Z from staged seq 77: target column"
                        + " \"note\" is missing; 9 unapplied")
                .contains("backlog 3 changes, 420 bytes, oldest from 2026-11-25T00:59:56Z (4 s ago)");
        JsonNode t = json(r).at("/tables/1");
        assertThat(t.get("table").asText()).isEqualTo("t_str");
        assertThat(t.get("state").asText()).isEqualTo("paused");
        assertThat(t.get("reason").asText()).isEqualTo("target column \"note\" is missing");
        assertThat(t.get("paused_from_seq").asLong()).isEqualTo(77);
        assertThat(t.get("unapplied").asLong()).isEqualTo(9);
    }

    @Test
    void largeBacklogIsEstimatedAndNotCountedPerTable() throws Exception {
        Facts f = new Facts();
        f.backlog = new Backlog(5_000_000, 1_500_000_000L, false, Facts.NOW.minusSeconds(90), null);
        StatusReport r = f.report();
        assertThat(r.health().exitCode()).isZero();
        assertThat(r.text()).contains("backlog 5000000 changes, about 1500000000 bytes, oldest from"
                + " 2026-11-25T00:58:30Z (90 s ago)").contains("t_int                   ok\n");
        JsonNode j = json(r);
        assertThat(j.at("/staging/backlog_bytes_exact").asBoolean()).isFalse();
        assertThat(j.at("/staging/oldest_unapplied_age_seconds").asLong()).isEqualTo(90);
        assertThat(j.at("/tables/0/unapplied").isNull()).isTrue();
    }

    @Test
    void loaderConfigWithoutSourceSkipsTheSourcePart() throws Exception {
        Facts f = new Facts();
        f.sourceConfigured = false;
        StatusReport r = f.report();
        assertThat(r.text()).contains("HEALTHY (exit code 0)").contains("source:  not configured ([src.mysql])");
        JsonNode j = json(r);
        assertThat(j.at("/source/configured").asBoolean()).isFalse();
        assertThat(j.at("/source/bytes_behind").isMissingNode()).isTrue();
    }

    @Test
    void nothingStagedOrAppliedYet() {
        Facts f = new Facts();
        f.state = null;
        f.checkpoint = null;
        assertThat(f.report().text()).contains("miner:   running (").contains("  has staged nothing yet\n")
                .contains("last seq -;").contains("  has applied nothing yet\n");
    }

    @Test
    void stoppedLoaderSaysSo() {
        Facts f = new Facts();
        f.loader = Facts.NONE;
        assertThat(f.report().text()).contains("loader:  NOT RUNNING")
                .contains("problem: binlog_loader is not running");
    }

    @Test
    void unreadableTargetDegradesToItsPart() throws Exception {
        Facts f = new Facts();
        f.targetError = "host=db port=5432 (TCP): Connection refused";
        StatusReport r = f.report();
        assertThat(r.text()).contains("UNREACHABLE (exit code 3)")
                .contains("cannot read target database: host=db port=5432 (TCP): Connection refused")
                .contains("backlog unknown (loader checkpoint not readable)")
                .contains("miner:   running (");
        JsonNode j = json(r);
        assertThat(j.get("status").asText()).isEqualTo("unreachable");
        assertThat(j.at("/target/error").asText()).contains("Connection refused");
        assertThat(j.at("/loader/applied_seq").isNull()).isTrue();
        assertThat(j.at("/miner/last_seq").asLong()).isEqualTo(500);
        assertThat(j.at("/tables/0/state").asText()).isEqualTo("unknown");
    }

    @Test
    void unreadableStagingStillShowsTargetAndSource() throws Exception {
        Facts f = new Facts();
        f.stagingError = "Connection refused";
        StatusReport r = f.report();
        assertThat(r.text()).contains("miner:   unknown (staging not readable)")
                .contains("staging: not readable: Connection refused")
                .contains("applied   seq 500 (txn 40)")
                .contains("source:  at binlog.000002:1200");
        JsonNode j = json(r);
        assertThat(j.at("/miner/running").isNull()).isTrue();
        assertThat(j.at("/source/binlog_pos").asLong()).isEqualTo(1200);
    }
}

package io.mysql2gp.common.status;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.Checkpoint;
import io.mysql2gp.common.status.StatusFacts.Lock;
import io.mysql2gp.common.status.StatusFacts.LogFile;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Part;
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.SourceFacts;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import io.mysql2gp.common.status.StatusFacts.TargetFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds status facts for tests: a healthy task by default, changed one part at a time. */
final class Facts {
    static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    static final Lock MINER = new Lock(true, "\"binlog_miner pid 11\" from 127.0.0.1, backend pid 101");
    static final Lock LOADER = new Lock(true, "\"binlog_loader pid 12\" from 127.0.0.1, backend pid 102");
    static final Lock NONE = new Lock(false, null);

    Lock miner = MINER;
    Lock loader = LOADER;
    MinerState state = new MinerState(500, 40, new BinlogPosition("binlog.000002", 1200, "0-1-40"),
            NOW.minusSeconds(30), NOW.minusSeconds(2));
    Backlog backlog = new Backlog(0, 0, true, null, Map.of());
    Checkpoint checkpoint = new Checkpoint(500, 40, NOW.minusSeconds(3), 900);
    List<Paused> paused = List.of();
    SourceFacts source = new SourceFacts(new BinlogPosition("binlog.000002", 1200, "0-1-40"),
            List.of(new LogFile("binlog.000001", 5000), new LogFile("binlog.000002", 1200)));
    Map<String, Long> pausedWaiting = Map.of();
    String stagingError;
    String targetError;
    String sourceError;
    boolean sourceConfigured = true;

    StatusFacts build() {
        Part<StagingFacts> staging = stagingError != null ? Part.failed(stagingError)
                : Part.ok(new StagingFacts(miner, loader, state, targetError != null ? null : backlog,
                        pausedWaiting, NOW));
        Part<TargetFacts> target = targetError != null ? Part.failed(targetError)
                : Part.ok(new TargetFacts(checkpoint, paused, NOW));
        Part<SourceFacts> src = !sourceConfigured ? Part.notConfigured()
                : sourceError != null ? Part.failed(sourceError) : Part.ok(source);
        return new StatusFacts(NOW, staging, target, src, List.of("t_int", "t_str"));
    }

    StatusReport report() {
        return StatusReport.of(build(), HealthRules.Thresholds.DEFAULTS);
    }
}

package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.miner.stage.StagingWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagingStatusIT {
    @Test
    void beforeTheMinerCreatedItsSchemaThereIsNoStatus() throws Exception {
        Staged staged = Staged.bare("poll_status_noschema");
        try (Connection c = staged.connect()) {
            assertThat(StagingStatus.read(c)).isEmpty();
        }
    }

    @Test
    void beforeTheMinerCommittedThereIsNoStatus() throws Exception {
        Staged staged = Staged.create("poll_status_nostate");
        try (Connection c = staged.connect()) {
            assertThat(StagingStatus.read(c)).isEmpty();
        }
    }

    @Test
    void theStatusIsTheMinersLastCommit() throws Exception {
        Staged staged = Staged.create("poll_status_state");
        Instant before = Instant.now().minusSeconds(5);
        try (StagingWriter w = staged.writer(Staged.startingAfter(40))) {
            w.row(Staged.insert("orders", 1, "a"));
            w.row(Staged.insert("orders", 2, "b"));
            w.endSourceTransaction(new BinlogPosition("binlog.000003", 777, "0-1-9"), 1_700_000_123_000L);
            w.commit();
        }
        try (Connection c = staged.connect()) {
            StagingStatus s = StagingStatus.read(c).orElseThrow();
            assertThat(s.lastSeq()).isEqualTo(42);
            assertThat(s.lastTxn()).isEqualTo(41);
            assertThat(s.position()).isEqualTo(new BinlogPosition("binlog.000003", 777, "0-1-9"));
            assertThat(s.sourceTs()).isEqualTo(Instant.ofEpochMilli(1_700_000_123_000L));
            assertThat(s.updatedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
            assertThat(s.backlog(40)).isEqualTo(2);
            assertThat(s.backlog(42)).isZero();
        }
    }

    @Test
    void aHeartbeatBeforeAnyTransactionLeavesNoSourceTime() throws Exception {
        Staged staged = Staged.create("poll_status_heartbeat");
        try (StagingWriter w = staged.writer(Staged.startingAfter(0))) {
            w.commit();
        }
        try (Connection c = staged.connect()) {
            StagingStatus s = StagingStatus.read(c).orElseThrow();
            assertThat(s.lastSeq()).isZero();
            assertThat(s.sourceTs()).isNull();
            assertThat(s.position().file()).isEqualTo("binlog.000001");
            assertThat(List.of(s.backlog(0))).containsExactly(0L);
        }
    }
}

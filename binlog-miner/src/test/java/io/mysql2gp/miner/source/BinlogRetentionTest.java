package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.miner.source.BinlogRetention.Kind;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BinlogRetentionTest {
    /** binlog.000<from> .. binlog.000<to> */
    static List<BinlogFile> files(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> new BinlogFile(String.format("binlog.%06d", i), 1000))
                .toList();
    }

    static BinlogPosition at(int file) {
        return new BinlogPosition(String.format("binlog.%06d", file), 500, null);
    }

    @Test
    void theMinersFileIsNearWhenItIsOneOfTheMarginOldestFiles() {
        assertThat(BinlogRetention.judge("binlog.000003", files(3, 9), 2).kind()).isEqualTo(Kind.NEAR);
        assertThat(BinlogRetention.judge("binlog.000004", files(3, 9), 2).kind()).isEqualTo(Kind.NEAR);
        assertThat(BinlogRetention.judge("binlog.000004", files(3, 9), 2).olderFiles()).isEqualTo(1);
        assertThat(BinlogRetention.judge("binlog.000005", files(3, 9), 2).kind()).isEqualTo(Kind.SAFE);
    }

    @Test
    void theFileTheSourceWritesNowIsNeverNearForNoPurgeRemovesIt() {
        assertThat(BinlogRetention.judge("binlog.000001", files(1, 1), 2).kind()).isEqualTo(Kind.SAFE);
        assertThat(BinlogRetention.judge("binlog.000002", files(1, 2), 5).kind()).isEqualTo(Kind.SAFE);
        assertThat(BinlogRetention.judge("binlog.000001", files(1, 2), 5).kind()).isEqualTo(Kind.NEAR);
    }

    @Test
    void aFileOlderThanTheOldestWasPurgedAndAnUnlistedNewerOneIsUnknown() {
        assertThat(BinlogRetention.judge("binlog.000002", files(3, 9), 2).kind()).isEqualTo(Kind.PURGED);
        assertThat(BinlogRetention.judge("binlog.000010", files(3, 9), 2).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(BinlogRetention.judge("", files(3, 9), 2).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(BinlogRetention.judge("binlog.000003", List.of(), 2).kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void theWarningNamesThePositionTheOldestFileAndTheMargin() {
        BinlogRetention r = new BinlogRetention(2, "db1:3306");
        BinlogRetention.Note n = r.observe(at(3), files(3, 9), 0);
        assertThat(n.warning()).isTrue();
        assertThat(n.text()).contains("binlog.000003:500", "binlog.000003 is the oldest binlog file on db1:3306",
                "binlog.000003 .. binlog.000009", "binlog_retention_warn_files = 2");
        assertThat(new BinlogRetention(2, "db1:3306").observe(at(4), files(3, 9), 0).text())
                .contains("only 1 binlog file(s) on db1:3306 are older than binlog.000004");
    }

    @Test
    void aPersistingSituationIsRepeatedOnlyEveryTenMinutes() {
        BinlogRetention r = new BinlogRetention(2, "db1:3306");
        assertThat(r.observe(at(3), files(3, 9), 0)).isNotNull();
        assertThat(r.observe(at(3), files(3, 9), 60_000)).isNull();
        assertThat(r.observe(at(3), files(3, 9), BinlogRetention.REPEAT_MILLIS - 1)).isNull();
        assertThat(r.observe(at(3), files(3, 9), BinlogRetention.REPEAT_MILLIS)).isNotNull();
    }

    @Test
    void aChangedSituationIsReportedAtOnce() {
        BinlogRetention r = new BinlogRetention(2, "db1:3306");
        assertThat(r.observe(at(4), files(3, 9), 0)).isNotNull();
        // the source purged one more file: the miner's file is now the oldest
        assertThat(r.observe(at(4), files(4, 9), 1000).text()).contains("binlog.000004 is the oldest");
        assertThat(r.observe(at(3), files(4, 9), 2000).text()).contains("was purged");
    }

    @Test
    void theAllClearIsLoggedOnceAfterAWarningAndNeverWithoutOne() {
        BinlogRetention r = new BinlogRetention(2, "db1:3306");
        assertThat(r.observe(at(8), files(3, 9), 0)).isNull();
        assertThat(r.observe(at(3), files(3, 9), 1000).warning()).isTrue();
        BinlogRetention.Note clear = r.observe(at(9), files(3, 9), 2000);
        assertThat(clear.warning()).isFalse();
        assertThat(clear.text()).contains("clear of the oldest files");
        assertThat(r.observe(at(9), files(3, 9), 3000)).isNull();
    }

    @Test
    void aMarginOfZeroTurnsTheWarningOff() {
        assertThat(new BinlogRetention(0, "db1:3306").observe(at(3), files(3, 9), 0)).isNull();
        assertThat(new BinlogRetention(0, "db1:3306").observe(at(2), files(3, 9), 0)).isNull();
    }
}

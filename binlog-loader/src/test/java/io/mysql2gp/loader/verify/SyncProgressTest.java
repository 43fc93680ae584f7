package io.mysql2gp.loader.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.MysqlType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule that tells a difference the sync has not applied yet ("behind") from a real one. */
class SyncProgressTest {
    static final VerifyColumn ID = VerifySqlTest.col("id", MysqlType.INT, 0, 0, "int4", "integer");
    static final VerifyColumn CODE = VerifySqlTest.col("code", MysqlType.VARCHAR, 10, 0, "varchar", "character varying");
    static final VerifyColumn BIN = VerifySqlTest.col("b", MysqlType.VARBINARY, 4, 0, "bytea", "bytea");
    static final VerifyColumn TM = VerifySqlTest.col("tm", MysqlType.TIME, 0, 0, "interval", "interval");
    static final TablePlan T = new TablePlan(new TableId("shop", "t"), "public", "t", List.of(ID, CODE, BIN),
            List.of(CODE, ID));
    static final TablePlan BINKEY = new TablePlan(new TableId("shop", "b"), "public", "b", List.of(BIN), List.of(BIN));
    static final TablePlan TIMEKEY = new TablePlan(new TableId("shop", "tk"), "public", "tk", List.of(TM), List.of(TM));

    static RowDiff diff(String... key) {
        return new RowDiff(List.of(key), List.of(key), RowDiff.Kind.MISSING_ON_TARGET, List.of());
    }

    static SyncProgress progress(Map<String, Set<String>> keys, Set<String> all, Boolean minerBehind) {
        return new SyncProgress(41L, keys, all, minerBehind, "binlog.000002:100", "binlog.000002:200");
    }

    @Test
    void aKeyWithAStagedChangeAfterTheCheckpointIsBehind() {
        SyncProgress p = progress(Map.of("t", Set.of("tab\\tcode\t7")), Set.of(), false);
        assertThat(p.behindReason(T, diff("tab\tcode", "7"))).contains("staged change(s) of this key")
                .contains("seq 41");
        assertThat(p.behindReason(T, diff("tab\tcode", "8"))).isNull();
    }

    @Test
    void binaryKeysMatchTheStagedByteaHex() {
        SyncProgress p = progress(Map.of("b", Set.of("\\\\x00ff")), Set.of(), false);
        assertThat(p.behindReason(BINKEY, diff("00ff"))).isNotNull();
        assertThat(p.behindReason(BINKEY, diff("00fe"))).isNull();
    }

    @Test
    void keyTypesThatCannotBeMatchedAreBehindWhileTheTableHasPendingChanges() {
        assertThat(progress(Map.of("tk", Set.of("01:00:00")), Set.of(), false).behindReason(TIMEKEY, diff("x")))
                .contains("cannot be matched");
        assertThat(progress(Map.of(), Set.of(), false).behindReason(TIMEKEY, diff("x"))).isNull();
    }

    @Test
    void aTruncateOrTooManyChangesMakeEveryKeyOfTheTableBehind() {
        assertThat(progress(Map.of(), Set.of("t"), false).behindReason(T, diff("a", "1"))).isNotNull();
    }

    @Test
    void aMinerThatHasNotReadUpToTheSourceMakesEveryDifferenceBehind() {
        assertThat(progress(Map.of(), Set.of(), true).behindReason(T, diff("a", "1")))
                .isEqualTo("binlog_miner has staged up to binlog.000002:100, the source is at binlog.000002:200");
        assertThat(progress(Map.of(), Set.of(), null).behindReason(T, diff("a", "1"))).isNull();
    }

    @Test
    void binlogPositionsCompareFileNumbersThenOffsets() {
        assertThat(SyncProgress.before("binlog.000009", 900, "binlog.000010", 4)).isTrue();
        assertThat(SyncProgress.before("binlog.000010", 4, "binlog.000010", 5)).isTrue();
        assertThat(SyncProgress.before("binlog.000010", 5, "binlog.000010", 5)).isFalse();
        assertThat(SyncProgress.before("binlog.000011", 4, "binlog.000010", 500)).isFalse();
    }
}

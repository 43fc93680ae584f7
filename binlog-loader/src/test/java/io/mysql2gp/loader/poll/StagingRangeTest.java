package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import org.junit.jupiter.api.Test;

class StagingRangeTest {
    @Test
    void theQueryReadsOnlyTheNeededColumnsInSeqOrder() {
        assertThat(StagingCursor.sql(StagingRange.after(5))).isEqualTo(
                "SELECT seq, txn, last_in_txn, schema_id, tbl, op::int4, key_old, key_new, row_new,"
                        + " coalesce((date_part('epoch', event_ts) * 1000)::int8, 0)"
                        + " FROM mysql2gp.changes WHERE seq > ? ORDER BY seq");
    }

    @Test
    void anUntilBoundAndATableFilterAddConditionsAndTheTableIsNotRead() {
        String sql = StagingCursor.sql(StagingRange.after(5).until(9).onlyTable("orders"));
        assertThat(sql).contains("schema_id, NULL::text, op::int4")
                .endsWith(" WHERE seq > ? AND seq <= ? AND tbl = ? ORDER BY seq");
    }

    @Test
    void aRangeDescribesItself() {
        assertThat(StagingRange.after(5)).hasToString("seqs (5, end)");
        assertThat(StagingRange.after(5).until(9).onlyTable("orders")).hasToString("seqs (5, 9] of table 'orders'");
    }

    @Test
    void anEmptyOrNegativeRangeIsRejected() {
        assertThatThrownBy(() -> StagingRange.after(-1)).hasMessageContaining("afterSeq must be >= 0");
        assertThatThrownBy(() -> StagingRange.after(10).until(9)).hasMessageContaining("below afterSeq");
        assertThat(StagingRange.after(10).until(10).bounded()).isTrue();
    }

    @Test
    void theByteEstimateGrowsWithTheImagesAndNeverForgetsTheRowItself() {
        StagedChange delete = new StagedChange(1, 1, true, 1, "t", Op.DELETE, "42", null, null, 0);
        StagedChange insert = new StagedChange(2, 2, true, 1, "t", Op.INSERT, null, "42", "42\t" + "x".repeat(1000), 0);
        assertThat(delete.bytes()).isEqualTo(StagedChange.OVERHEAD_BYTES + 2);
        assertThat(insert.bytes()).isEqualTo(StagedChange.OVERHEAD_BYTES + 2 + 1003);
        assertThat(insert.toString()).contains("rowNew=1003 chars").doesNotContain("xxx");
    }
}

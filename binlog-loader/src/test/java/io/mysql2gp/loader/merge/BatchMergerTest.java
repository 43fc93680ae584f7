package io.mysql2gp.loader.merge;

import static io.mysql2gp.loader.merge.Script.change;
import static io.mysql2gp.loader.merge.Script.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch of many tables is merged table by table, tables in first-seen order. */
class BatchMergerTest {
    /** {@code "table: script line"} per change, seq 1, 2, 3... across the whole batch. */
    private static List<TableChange> batch(String... lines) {
        List<TableChange> out = new ArrayList<>();
        long seq = 1;
        for (String line : lines) {
            int colon = line.indexOf(':');
            out.add(new TableChange(line.substring(0, colon), change(seq++, line.substring(colon + 1))));
        }
        return out;
    }

    @Test
    void eachTableIsMergedOnItsOwnAndTablesComeInFirstSeenOrder() {
        Map<String, MergedTable> merged = BatchMerger.merge(batch(
                "orders: I 1 o1",
                "items: I 1 i1",
                "orders: U 1 1 o2",
                "users: D 7",
                "items: U 1 2 i2"));

        assertThat(merged.keySet()).containsExactly("orders", "items", "users");
        assertThat(render(merged.get("orders"))).isEqualTo("delete 1; insert 1=o2");
        assertThat(render(merged.get("items"))).isEqualTo("delete 1 2; insert 2=i2");
        assertThat(render(merged.get("users"))).isEqualTo("delete 7; insert -");
    }

    @Test
    void aTruncateOfOneTableLeavesTheOtherTablesChangesAlone() {
        Map<String, MergedTable> merged = BatchMerger.merge(batch(
                "a: I 1 a1",
                "b: I 1 b1",
                "a: T",
                "b: I 2 b2",
                "a: I 3 a3"));

        assertThat(render(merged.get("a"))).isEqualTo("truncate; delete 3; insert 3=a3");
        assertThat(render(merged.get("b"))).isEqualTo("delete 1 2; insert 1=b1 2=b2");
        assertThat(merged.get("a").counts().changesIn()).isEqualTo(3);
    }

    @Test
    void anEmptyBatchGivesNoTables() {
        assertThat(BatchMerger.merge(List.of())).isEmpty();
    }

    @Test
    void anOutOfOrderChangeIsReportedWithItsTable() {
        List<TableChange> batch = List.of(
                new TableChange("orders", Change.insert(9, "1", "o1", 1)),
                new TableChange("orders", Change.delete(8, "1", 1)));

        assertThatThrownBy(() -> BatchMerger.merge(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table `orders`: changes out of seq order: seq 8 comes after seq 9");
    }
}

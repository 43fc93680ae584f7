package io.mysql2gp.loader.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.loader.merge.ByteLines;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedLinesTest {
    @Test
    void picksFieldsInKeyOrderKeepingTheirEscapes() {
        assertThat(StagedLines.fields("a\tb\\tc\t\\N\td", List.of(3, 1))).isEqualTo("d\tb\\tc");
        assertThat(StagedLines.fields("a\t\tc", List.of(1))).isEmpty();
        assertThat(StagedLines.fields("a", List.of(0))).isEqualTo("a");
        assertThat(StagedLines.fields("a\tb", List.of(2))).isNull();
    }

    @Test
    void findsTheFirstRowRepeatingAKey() {
        ByteLines rows = ByteLines.of(List.of("eu\t1\tx", "eu\t2\tx", "us\t1\ty", "eu\t2\tz"));
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(0, 1))).isEqualTo(4);
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(1, 0))).isEqualTo(4);
        assertThat(StagedLines.firstRepeatedKey(rows.subList(0, 3), List.of(0, 1))).isZero();
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(1))).isEqualTo(3);
        assertThat(StagedLines.firstRepeatedKey(rows.subList(1, 4), List.of(0, 1))).as("within a sub list").isEqualTo(3);
        assertThat(StagedLines.firstRepeatedKey(ByteLines.of(List.of("a", "a\tb", "a")), List.of(1)))
                .as("lines too short have no key").isZero();
        assertThat(StagedLines.firstRepeatedKey(ByteLines.of(List.of("é\t1", "e\t1", "é\t2", "é\t1")), List.of(0, 1)))
                .isEqualTo(4);
    }

    @Test
    void manyRowsWithDistinctKeysHaveNoRepeatAndOneCopyIsFound() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            lines.add(i + "\tk" + (i % 7) + "\tv");
        }
        assertThat(StagedLines.firstRepeatedKey(ByteLines.of(lines), List.of(0))).isZero();
        lines.add("99\tother");
        assertThat(StagedLines.firstRepeatedKey(ByteLines.of(lines), List.of(0))).isEqualTo(100_001);
        assertThat(StagedLines.firstRepeatedKey(ByteLines.of(lines), List.of(1))).isEqualTo(8);
    }
}

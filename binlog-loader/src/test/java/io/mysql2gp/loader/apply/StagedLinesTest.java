package io.mysql2gp.loader.apply;

import static org.assertj.core.api.Assertions.assertThat;

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
        List<String> rows = List.of("eu\t1\tx", "eu\t2\tx", "us\t1\ty", "eu\t2\tz");
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(0, 1))).isEqualTo(4);
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(1, 0))).isEqualTo(4);
        assertThat(StagedLines.firstRepeatedKey(rows.subList(0, 3), List.of(0, 1))).isZero();
        assertThat(StagedLines.firstRepeatedKey(rows, List.of(1))).isEqualTo(3);
    }
}

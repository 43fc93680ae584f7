package io.mysql2gp.loader.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionBoundTest {
    static Stream<Arguments> bounds() {
        return Stream.of(
                Arguments.of("FOR VALUES FROM (1) TO (1000001)", new PartitionBound(1, 1_000_001)),
                Arguments.of("FOR VALUES FROM ('1') TO ('1000001')", new PartitionBound(1, 1_000_001)),
                Arguments.of("for values from ( 5 ) to ( 10 )", new PartitionBound(5, 10)),
                Arguments.of("FOR VALUES FROM (-3) TO (+4)", new PartitionBound(-3, 4)),
                Arguments.of("FOR VALUES FROM (MINVALUE) TO (100)", new PartitionBound(Long.MIN_VALUE, 100)),
                Arguments.of("FOR VALUES FROM (100) TO (MAXVALUE)", new PartitionBound(100, Long.MAX_VALUE)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("bounds")
    void aSingleColumnRangeBoundParses(String expr, PartitionBound expected) {
        assertThat(PartitionBound.parse(expr)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}'' is not a seq range")
    @MethodSource("notRanges")
    void anythingElseIsNotARange(String expr) {
        assertThat(PartitionBound.parse(expr)).isEmpty();
    }

    static Stream<String> notRanges() {
        return Stream.of("DEFAULT", "FOR VALUES IN (1, 2)", "FOR VALUES FROM (1, 2) TO (3, 4)",
                "FOR VALUES WITH (modulus 4, remainder 0)", "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
                "FOR VALUES FROM (1) TO (99999999999999999999)", "", "FOR VALUES FROM (1.5) TO (2)");
    }

    @ParameterizedTest(name = "{0} fully applied at {1}: {2}")
    @MethodSource("applied")
    void onlyARangeEntirelyAtOrBelowTheAppliedSeqIsFullyApplied(PartitionBound b, long applied, boolean expected) {
        assertThat(b.fullyAppliedAt(applied)).isEqualTo(expected);
    }

    static Stream<Arguments> applied() {
        PartitionBound p0 = new PartitionBound(1, 1_000_001);
        return Stream.of(
                Arguments.of(p0, 0L, false),
                Arguments.of(p0, 999_999L, false),
                Arguments.of(p0, 1_000_000L, true),
                Arguments.of(p0, 1_000_001L, true),
                Arguments.of(p0, Long.MAX_VALUE, true),
                Arguments.of(new PartitionBound(Long.MIN_VALUE, 1), 0L, true),
                Arguments.of(new PartitionBound(100, Long.MAX_VALUE), Long.MAX_VALUE, false));
    }

    @Test
    void nullIsNotARange() {
        assertThat(PartitionBound.parse(null)).isEqualTo(Optional.empty());
    }
}

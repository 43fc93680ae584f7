package io.mysql2gp.loader.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of binlog_loader verify. */
class VerifyCommandTest {
    @Test
    void defaultsToTheTableListAndChunksOfTenThousandKeys() {
        assertThat(VerifyCommand.Options.parse(List.of())).isEqualTo(new VerifyCommand.Options(List.of(), 10_000));
    }

    @Test
    void takesTablesAndChunkInBothSpellings() {
        assertThat(VerifyCommand.Options.parse(List.of("--tables", "a, b", "--chunk=500")))
                .isEqualTo(new VerifyCommand.Options(List.of("a", "b"), 500));
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> VerifyCommand.Options.parse(List.of("--chunk", "0"))).hasMessageContaining("--chunk '0'");
        assertThatThrownBy(() -> VerifyCommand.Options.parse(List.of("--chunk", "x"))).hasMessageContaining("--chunk 'x'");
        assertThatThrownBy(() -> VerifyCommand.Options.parse(List.of("--tables"))).hasMessage("--tables needs a value");
        assertThatThrownBy(() -> VerifyCommand.Options.parse(List.of("--flavor", "x"))).hasMessage("unknown argument '--flavor'");
    }
}

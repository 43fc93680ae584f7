package io.mysql2gp.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {
    @Test
    void escapesTheCharactersCopyTextReservesAndNothingElse() {
        assertThat(CopyText.escape("plain café \uD83D\uDE00")).isEqualTo("plain café \uD83D\uDE00");
        assertThat(CopyText.escape("a\tb\nc\rd\\e\0f")).isEqualTo("a\\tb\\nc\\rd\\\\e\\000f");
        assertThat(CopyText.escape("\t\t")).isEqualTo("\\t\\t");
        assertThat(CopyText.escape("x\\")).isEqualTo("x\\\\");
        assertThat(CopyText.escape("")).isEmpty();
        assertThat(CopyText.escape(null)).isEqualTo("\\N");
    }

    @Test
    void appendsAfterWhatIsThere() {
        StringBuilder sb = new StringBuilder("1\t");
        CopyText.appendField(sb, "a\tb");
        assertThat(sb).hasToString("1\ta\\tb");
    }

    @Test
    void splitLineReversesEscaping() {
        List<String> fields = Arrays.asList("a\tb", null, "", "\\N", "line\nbreak\r", "nul\0", "\\", "x");
        String line = CopyText.joinEscaped(fields.stream().map(CopyText::escape).toList());
        assertThat(CopyText.splitLine(line)).containsExactlyElementsOf(fields);
    }
}

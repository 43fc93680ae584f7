package io.mysql2gp.loader.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.Op;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A staged change whose images do not fit its operation is refused, naming its seq and the column. */
class ChangeTest {
    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("an insert without key_new is rejected",
                        () -> new Change(42, Op.INSERT, null, null, "r", 1), "staged change seq 42: INSERT without key_new (it is NULL)"),
                bad("an insert without row_new is rejected",
                        () -> new Change(42, Op.INSERT, null, "k", null, 1), "staged change seq 42: INSERT without row_new (it is NULL)"),
                bad("an update without key_old is rejected",
                        () -> new Change(43, Op.UPDATE, null, "k", "r", 1), "staged change seq 43: UPDATE without key_old (it is NULL)"),
                bad("an update without key_new is rejected",
                        () -> new Change(44, Op.UPDATE, "k", null, "r", 1), "staged change seq 44: UPDATE without key_new (it is NULL)"),
                bad("an update without row_new is rejected",
                        () -> new Change(45, Op.UPDATE, "k", "k", null, 1), "staged change seq 45: UPDATE without row_new (it is NULL)"),
                bad("a delete without key_old is rejected",
                        () -> new Change(46, Op.DELETE, null, null, null, 1), "staged change seq 46: DELETE without key_old (it is NULL)"),
                bad("a change without an operation is rejected",
                        () -> new Change(47, null, "k", "k", "r", 1), "staged change seq 47: op is missing"));
    }

    static Arguments bad(String sentence, Executable construct, String message) {
        return Arguments.of(sentence, construct, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedChange(String sentence, Executable construct, String message) {
        assertThatThrownBy(construct::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void wellFormedChangesOfEveryOperationAreAccepted() {
        assertThat(Change.insert(1, "k", "r", 1).op()).isEqualTo(Op.INSERT);
        assertThat(Change.update(2, "k", "k2", "r", 1).op()).isEqualTo(Op.UPDATE);
        assertThat(Change.delete(3, "k", 1).op()).isEqualTo(Op.DELETE);
        assertThat(Change.truncate(4, 1).op()).isEqualTo(Op.TRUNCATE);
    }

    @Test
    void theTextFormLeavesOutTheRowImage() {
        assertThat(Change.update(9, "k", "k2", "a very long row", 3))
                .hasToString("Change[seq=9, op=UPDATE, keyOld=k, keyNew=k2, schemaId=3]");
    }
}

package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableListTest {
    private static final Path FILE = Path.of("loader_table_list.txt");

    private static List<TableId> parse(String text) {
        return List.copyOf(TableList.parse(text, FILE, "test").tables());
    }

    private static TableId t(String table) {
        return new TableId("test", table);
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("one bare name per line belongs to the configured db", "a\nb\n", List.of(t("a"), t("b"))),
                Arguments.of("blank lines are skipped", "\n\na\n   \n\tb", List.of(t("a"), t("b"))),
                Arguments.of("whole-line comments are skipped", "# all tables\n  # indented\na", List.of(t("a"))),
                Arguments.of("a comment after whitespace is removed", "a   # the a table\nb\t#x", List.of(t("a"), t("b"))),
                Arguments.of("a # without whitespace before it is part of the name", "a#b", List.of(t("a#b"))),
                Arguments.of("surrounding whitespace is trimmed", "  \t a \t ", List.of(t("a"))),
                Arguments.of("CRLF line ends are accepted", "a\r\nb\r\n", List.of(t("a"), t("b"))),
                Arguments.of("db.table names another database", "other.t", List.of(new TableId("other", "t"))),
                Arguments.of("backquotes allow a dot in a name", "`a.b`", List.of(t("a.b"))),
                Arguments.of("double quotes allow a dot in a name", "\"a.b\"", List.of(t("a.b"))),
                Arguments.of("quoted db and table", "`my.db`.`t.1`", List.of(new TableId("my.db", "t.1"))),
                Arguments.of("mixed quoting", "test.`x.y`", List.of(t("x.y"))),
                Arguments.of("a doubled backquote inside backquotes is one backquote", "`a``b`", List.of(t("a`b"))),
                Arguments.of("a # inside quotes is not a comment", "`a #b`  # real comment", List.of(t("a #b"))),
                Arguments.of("a name with a space is just a name", "my table", List.of(t("my table"))),
                Arguments.of("SQL in a name is just a name", "x; DROP TABLE y", List.of(t("x; DROP TABLE y"))),
                Arguments.of("quotes inside an unquoted name are kept", "o'brien", List.of(t("o'brien"))),
                Arguments.of("a duplicate is listed once", "a\nb\na", List.of(t("a"), t("b"))),
                Arguments.of("names keep their case", "A\na", List.of(t("A"), t("a"))),
                Arguments.of("a byte order mark is ignored", "\uFEFFa", List.of(t("a"))),
                Arguments.of("an empty file lists no tables", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesLines(String name, String text, List<TableId> expected) {
        assertThat(parse(text)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("an unterminated backquote", "a\n`abc", "loader_table_list.txt:2: unterminated ` quote"),
                Arguments.of("an unterminated double quote", "\"abc", "loader_table_list.txt:1: unterminated \" quote"),
                Arguments.of("text after a quoted name", "`a`b", "loader_table_list.txt:1: unexpected text after the quoted name `a`"),
                Arguments.of("an empty quoted name", "``", "loader_table_list.txt:1: empty name ``"),
                Arguments.of("a leading dot", ".t", "loader_table_list.txt:1: empty name before or after \".\""),
                Arguments.of("a trailing dot", "\n\ndb.", "loader_table_list.txt:3: empty name before or after \".\""),
                Arguments.of("two dots", "a.b.c", "loader_table_list.txt:1: more than one \".\": write db.table, with a"
                        + " name that contains a dot in backquotes, e.g. db.`my.table`"));
    }

    @ParameterizedTest(name = "{0} is an error naming file and line")
    @MethodSource("errors")
    void reportsErrors(String name, String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void everyBadLineIsReported() {
        assertThatThrownBy(() -> parse("`a\nok\nb.\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void duplicatesAndOtherDatabasesAreWarnings() {
        TableList l = TableList.parse("a\nother.b\na\n", FILE, "test");
        assertThat(l.warnings()).containsExactly(
                "loader_table_list.txt:2: table other.b is not in the configured database test and will not be synced",
                "loader_table_list.txt:3: table test.a is already listed on line 1");
    }

    @Test
    void theSetIsImmutable() {
        TableList l = TableList.parse("a", FILE, "test");
        assertThatThrownBy(() -> l.tables().add(t("b"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingFileIsAClearError(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("tables.txt");
        assertThatThrownBy(() -> TableList.load(missing, "test")).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": table list file " + missing + " does not exist");
    }
}

package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableListWatcherTest {
    @TempDir
    Path dir;
    Path file;
    long tick = 1_700_000_000L;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("loader_table_list.txt");
        write("a\nb\n");
    }

    /** Writes the file with a new modification time, as a later edit would have. */
    private void write(String text) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(tick++)));
    }

    private static TableId t(String name) {
        return new TableId("test", name);
    }

    @Test
    void anUnchangedFileReportsNothing() {
        TableListWatcher w = new TableListWatcher(file, "test");
        assertThat(w.current()).containsExactly(t("a"), t("b"));
        assertThat(w.poll()).isEmpty();
        assertThat(w.poll()).isEmpty();
    }

    @Test
    void anEditReportsAddedAndRemovedTables() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        write("b\nc\nd\n");
        assertThat(w.poll()).hasValue(file + " changed: added test.c, test.d; removed test.a (3 table(s) now)");
        assertThat(w.current()).containsExactly(t("b"), t("c"), t("d"));
        assertThat(w.poll()).isEmpty();
    }

    @Test
    void aSameSizeEditIsNoticedThroughTheModificationTime() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        write("a\nc\n");
        assertThat(w.poll()).hasValue(file + " changed: added test.c; removed test.b (2 table(s) now)");
    }

    @Test
    void aCommentOnlyEditReportsNothing() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        write("# tables\na\nb # still b\n");
        assertThat(w.poll()).isEmpty();
        assertThat(w.current()).containsExactly(t("a"), t("b"));
    }

    @Test
    void aBrokenEditKeepsTheLastGoodListUntilFixed() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        write("a\n`unterminated\n");
        assertThat(w.poll()).isEmpty();
        assertThat(w.current()).containsExactly(t("a"), t("b"));
        write("a\n");
        assertThat(w.poll()).hasValue(file + " changed: removed test.b (1 table(s) now)");
    }

    @Test
    void aDeletedFileKeepsTheLastListAndARecreatedOneIsRead() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        Files.delete(file);
        assertThat(w.poll()).isEmpty();
        assertThat(w.current()).containsExactly(t("a"), t("b"));
        write("z\n");
        assertThat(w.poll()).hasValue(file + " changed: added test.z; removed test.a, test.b (1 table(s) now)");
    }

    @Test
    void aMissingFileAtStartIsAnError() {
        assertThatThrownBy(() -> new TableListWatcher(dir.resolve("nope.txt"), "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void anEmptyListAtStartIsAnError() throws IOException {
        write("# no tables yet\n\n");
        assertThatThrownBy(() -> new TableListWatcher(file, "test"))
                .isInstanceOf(ConfigException.class).hasMessage(file + ": the table list names no table; write one"
                        + " table name per line (table, or db.table)");
    }

    @Test
    void anEditThatEmptiesTheListKeepsTheLastOne() throws IOException {
        TableListWatcher w = new TableListWatcher(file, "test");
        write("");
        assertThat(w.poll()).isEmpty();
        assertThat(w.current()).containsExactly(t("a"), t("b"));
        write("c\n");
        assertThat(w.poll()).hasValue(file + " changed: added test.c; removed test.a, test.b (1 table(s) now)");
    }
}

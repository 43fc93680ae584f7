package io.mysql2gp.common.config;

import io.mysql2gp.common.model.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the table list current while a daemon runs: {@link #poll()} re-reads the file when its
 * modification time, size or identity changed, and reports added and removed tables. A file that
 * is missing, broken or empty after an edit leaves the last good list in force (with one warning).
 */
public final class TableListWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TableListWatcher.class);

    private final Path file;
    private final String defaultDb;
    private volatile TableList current;
    private Stamp stamp;
    private String text;

    /** Reads the list now; a missing or invalid file fails with a {@link ConfigException}. */
    public TableListWatcher(Path file, String defaultDb) {
        this.file = Objects.requireNonNull(file, "file");
        this.defaultDb = Objects.requireNonNull(defaultDb, "defaultDb");
        this.stamp = Stamp.of(file);
        this.text = TableList.read(file);
        this.current = TableList.parse(text, file, defaultDb);
        if (current.tables().isEmpty()) {
            throw new ConfigException(file + ": the table list names no table; write one table name per line"
                    + " (table, or db.table)");
        }
        current.warnings().forEach(w -> LOG.warn("{}", w));
    }

    /** The tables in force now (immutable). */
    public Set<TableId> current() {
        return current.tables();
    }

    /** The list in force now, with its warnings. */
    public TableList currentList() {
        return current;
    }

    /**
     * Checks the file; if the set of tables changed, makes the new one current and returns a log
     * line naming the tables added and removed.
     */
    public synchronized Optional<String> poll() {
        Stamp now = Stamp.of(file);
        if (now.equals(stamp)) {
            return Optional.empty();
        }
        stamp = now;
        if (now.missing()) {
            LOG.warn("table list file {} does not exist any more; keeping the current {} table(s)",
                    file.toAbsolutePath(), current.tables().size());
            return Optional.empty();
        }
        TableList next;
        try {
            String newText = TableList.read(file);
            if (newText.equals(text)) {
                return Optional.empty();
            }
            text = newText;
            next = TableList.parse(newText, file, defaultDb);
        } catch (ConfigException e) {
            LOG.warn("table list file {} changed but cannot be used; keeping the current {} table(s): {}",
                    file, current.tables().size(), e.getMessage());
            return Optional.empty();
        }
        if (next.tables().isEmpty()) {
            // most likely a file being rewritten: forgetting every table (and its paused changes) would be worse
            LOG.warn("table list file {} changed but names no table; keeping the current {} table(s)",
                    file, current.tables().size());
            return Optional.empty();
        }
        next.warnings().forEach(w -> LOG.warn("{}", w));
        Optional<String> change = describeChange(file, current.tables(), next.tables());
        current = next;
        return change;
    }

    /** "FILE changed: added a, b; removed c", or empty when both sets are equal. */
    static Optional<String> describeChange(Path file, Set<TableId> before, Set<TableId> after) {
        List<String> parts = new ArrayList<>();
        String added = after.stream().filter(t -> !before.contains(t)).map(TableId::toString)
                .collect(Collectors.joining(", "));
        String removed = before.stream().filter(t -> !after.contains(t)).map(TableId::toString)
                .collect(Collectors.joining(", "));
        if (!added.isEmpty()) {
            parts.add("added " + added);
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + removed);
        }
        return parts.isEmpty() ? Optional.empty()
                : Optional.of(file + " changed: " + String.join("; ", parts) + " (" + after.size() + " table(s) now)");
    }

    /** What identifies one version of the file cheaply. */
    private record Stamp(long modifiedNanos, long size, Object fileKey, boolean missing) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(),
                        a.fileKey(), false);
            } catch (IOException e) {
                return new Stamp(0, 0, null, true);
            }
        }
    }
}

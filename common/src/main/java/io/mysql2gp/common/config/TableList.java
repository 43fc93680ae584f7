package io.mysql2gp.common.config;

import io.mysql2gp.common.model.TableId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tables to sync, read from loader_table_list.txt: one name per line, {@code #} comments, an
 * optional {@code db.} prefix, and backquotes or double quotes around names that contain a dot.
 * Names are data, never SQL.
 *
 * @param tables   in file order, each once
 * @param warnings duplicates and tables outside the configured database, each naming file and line
 */
public record TableList(Path file, Set<TableId> tables, List<String> warnings) {

    public TableList {
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads {@code file}; a bare table name belongs to {@code defaultDb}.
     *
     * @throws ConfigException naming the file (missing, unreadable) or every bad line
     */
    public static TableList load(Path file, String defaultDb) {
        return parse(read(file), file, defaultDb);
    }

    static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": table list file " + file.toAbsolutePath() + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": table list file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read table list file " + file.toAbsolutePath() + ": " + e);
        }
    }

    /** Parses the text of a table list; {@code file} is used in messages. */
    static TableList parse(String text, Path file, String defaultDb) {
        Objects.requireNonNull(defaultDb, "defaultDb");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<TableId, Integer> firstLine = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String where = file + ":" + lineNo + ": ";
            List<String> parts;
            try {
                parts = TableNameParser.parseLine(lines[i]);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            if (parts.isEmpty()) {
                continue;
            }
            TableId id = parts.size() == 1 ? new TableId(defaultDb, parts.get(0)) : new TableId(parts.get(0), parts.get(1));
            Integer earlier = firstLine.putIfAbsent(id, lineNo);
            if (earlier != null) {
                warnings.add(where + "table " + id + " is already listed on line " + earlier);
            } else if (!id.db().equals(defaultDb)) {
                warnings.add(where + "table " + id + " is not in the configured database " + defaultDb
                        + " and will not be synced");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new TableList(file, firstLine.keySet(), warnings);
    }
}

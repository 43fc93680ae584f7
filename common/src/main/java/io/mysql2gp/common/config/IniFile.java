package io.mysql2gp.common.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/**
 * Reads an ini file into raw text values per section and key with ini4j, configured to take values
 * literally: no backslash escapes, no line continuations, no variable references.
 */
final class IniFile {
    private static final Pattern LINE = Pattern.compile("at line: (\\d+)");

    private IniFile() {
    }

    /** Sections in file order; a section or key given more than once collects all its values. */
    static Map<String, Map<String, List<String>>> read(Path file) {
        String text = readText(file);
        return parse(text, file.toString());
    }

    static Map<String, Map<String, List<String>>> parse(String text, String label) {
        Ini ini = new Ini();
        ini.setConfig(literalConfig());
        try {
            ini.load(new StringReader(text));
        } catch (InvalidFileFormatException e) {
            // ini4j's message quotes the line, which may hold a password: report the number only
            Matcher m = LINE.matcher(String.valueOf(e.getMessage()));
            String where = m.find() ? " line " + m.group(1) : "";
            throw new ConfigException(label + where + ": expected \"[section]\" or \"key = value\" inside a section");
        } catch (IOException e) {
            throw new ConfigException(label + ": cannot parse: " + e.getMessage());
        }
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (String name : ini.keySet()) {
            Map<String, List<String>> keys = out.computeIfAbsent(name.strip(), k -> new LinkedHashMap<>());
            for (Profile.Section section : ini.getAll(name)) {
                for (String key : section.keySet()) {
                    List<String> values = keys.computeIfAbsent(key.strip(), k -> new ArrayList<>());
                    for (String v : section.getAll(key)) {
                        values.add(v == null ? "" : v);
                    }
                }
            }
        }
        return out;
    }

    /** ini4j settings that keep every character of a value as written. */
    static Config literalConfig() {
        Config c = new Config();
        c.setEscape(false);
        c.setEscapeNewline(false);
        c.setMultiOption(true);
        c.setMultiSection(true);
        c.setGlobalSection(false);
        c.setTree(false);
        c.setEmptyOption(false);
        c.setLowerCaseOption(false);
        c.setLowerCaseSection(false);
        return c;
    }

    private static String readText(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": config file " + file.toAbsolutePath() + " is a directory");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file " + file.toAbsolutePath() + " does not exist");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": config file " + file.toAbsolutePath() + " is not readable"
                    + " (permission denied)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file " + file.toAbsolutePath() + ": " + e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": config file is not UTF-8 text");
        }
    }
}

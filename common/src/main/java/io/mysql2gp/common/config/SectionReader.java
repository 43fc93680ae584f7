package io.mysql2gp.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the declared keys of one my.cnf section: strips the surrounding double quotes, applies
 * defaults and parsers, and records each problem or warning as a line naming file, section and key.
 */
final class SectionReader {
    private final String file;
    private final String section;
    private final Map<String, List<String>> values;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings;

    /**
     * @param values   raw values per key as the file gives them (a key given twice has two)
     * @param warnings where warnings go; problems are kept in {@link #problems()}
     */
    SectionReader(String file, String section, Map<String, List<String>> values, Path baseDir,
            List<String> warnings) {
        this.file = file;
        this.section = section;
        this.values = values;
        this.baseDir = baseDir;
        this.warnings = warnings;
    }

    /** Warns about keys the section does not declare and keys given more than once. */
    void checkKeys(List<Key<?>> declared) {
        Set<String> names = declared.stream().map(Key::name).collect(Collectors.toSet());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (!names.contains(e.getKey())) {
                warnings.add(where(e.getKey()) + "unknown key, ignored" + Suggest.closest(e.getKey(), names)
                        .map(s -> " (did you mean \"" + s + "\"?)").orElse(""));
            } else if (e.getValue().size() > 1) {
                warnings.add(where(e.getKey()) + "given " + e.getValue().size() + " times; the last one is used");
            }
        }
    }

    /** The parsed value, the default if the key is absent or empty, or null after recording a problem. */
    <T> T get(Key<T> key) {
        List<String> raw = values.get(key.name());
        String text = raw == null || raw.isEmpty() ? null : raw.get(raw.size() - 1);
        if (text != null) {
            text = unquote(key, text.strip());
            if (text == null) {
                return null;
            }
        }
        if (text == null || text.isEmpty()) {
            if (key.required()) {
                problem(key, (text == null ? "missing" : "is empty") + " (" + key.description() + ")");
            }
            return key.defaultValue();
        }
        try {
            return key.parser().parse(text, baseDir);
        } catch (IllegalArgumentException e) {
            problem(key, (key.secret() ? "" : "\"" + text + "\" ") + e.getMessage());
            return null;
        }
    }

    /** Records a problem about a key found by cross-checks in the section's own code. */
    void problem(Key<?> key, String message) {
        problems.add(where(key.name()) + message);
    }

    /** Records a warning about a key found by cross-checks in the section's own code. */
    void warning(Key<?> key, String message) {
        warnings.add(where(key.name()) + message);
    }

    /** The problems found so far, each naming file, section and key. */
    List<String> problems() {
        return problems;
    }

    boolean has(Key<?> key) {
        return values.containsKey(key.name());
    }

    String where(String key) {
        return file + ": [" + section + "] " + key + ": ";
    }

    /** Removes one pair of surrounding double quotes; null (after recording a problem) if unbalanced. */
    private String unquote(Key<?> key, String text) {
        boolean starts = text.startsWith("\"");
        boolean ends = text.endsWith("\"");
        if (starts && ends && text.length() >= 2) {
            return text.substring(1, text.length() - 1);
        }
        if (starts || ends) {
            problem(key, "unbalanced double quote (write the value as \"...\"; nothing may follow the closing quote)");
            return null;
        }
        return text;
    }
}

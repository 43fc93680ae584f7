package io.mysql2gp.common.config;

import java.util.ArrayList;
import java.util.List;

/** Builds the "effective configuration" log lines of a section, masking secrets. */
final class Describe {
    private final String section;
    private final List<String> lines = new ArrayList<>();

    Describe(String section) {
        this.section = section;
    }

    Describe add(Key<?> key, Object value) {
        return add(key, value, null);
    }

    Describe add(Key<?> key, Object value, String note) {
        String shown;
        if (value == null) {
            shown = "(not set)";
        } else if (value instanceof Secret s) {
            shown = s.masked();
        } else if (value instanceof Enum<?> e) {
            shown = Parsers.configName(e);
        } else {
            shown = value.toString(); // PgConnectConfig.toString() masks its password
        }
        lines.add("[" + section + "] " + key.name() + " = " + shown + (note == null ? "" : " (" + note + ")"));
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}

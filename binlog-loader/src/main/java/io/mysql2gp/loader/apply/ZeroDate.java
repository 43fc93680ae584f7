package io.mysql2gp.loader.apply;

import java.util.Locale;

/** What a MySQL zero or partial-zero date ({@code 0000-00-00}, {@code 2020-00-15}) becomes in a date/time target column. */
public enum ZeroDate {
    NULL("null"),
    NEGATIVE_INFINITY("-infinity");

    /** The config spelling ({@code zero_date = "null" | "-infinity"}). */
    public final String configValue;

    ZeroDate(String configValue) {
        this.configValue = configValue;
    }

    public static ZeroDate ofConfig(String value) {
        for (ZeroDate z : values()) {
            if (z.configValue.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return z;
            }
        }
        throw new IllegalArgumentException("zero_date must be \"null\" or \"-infinity\", not \"" + value + "\"");
    }
}

package io.mysql2gp.common.config;

import java.util.List;

/** The {@code [local.pgsql]} section: the staging PostgreSQL database that holds the change log. */
public record StagingConfig(PgConnectConfig connect) {
    public static final String SECTION = "local.pgsql";
    static final Key<PgConnectConfig> CONNECT_STRING = Key.required("connect_string", ConnectStrings.PARSER,
            "libpq connect string of the staging database").secretValue();
    static final List<Key<?>> KEYS = List.of(CONNECT_STRING);

    static StagingConfig read(SectionReader r) {
        return new StagingConfig(r.get(CONNECT_STRING));
    }

    List<String> describe() {
        return new Describe(SECTION).add(CONNECT_STRING, connect).lines();
    }

    @Override
    public String toString() {
        return String.join(", ", describe());
    }
}

package io.mysql2gp.common.config;

import java.util.List;

/** The {@code [desc.pgsql]} section: the target PostgreSQL or Greenplum database and schema. */
public record TargetConfig(PgConnectConfig connect, String targetSchema) {
    public static final String SECTION = "desc.pgsql";
    static final Key<PgConnectConfig> CONNECT_STRING = Key.required("connect_string", ConnectStrings.PARSER,
            "libpq connect string of the target database").secretValue();
    static final Key<String> TARGET_SCHEMA = Key.optional("target_schema", "public", Parsers.text(),
            "schema of the target tables");
    static final List<Key<?>> KEYS = List.of(CONNECT_STRING, TARGET_SCHEMA);

    static TargetConfig read(SectionReader r) {
        return new TargetConfig(r.get(CONNECT_STRING), r.get(TARGET_SCHEMA));
    }

    List<String> describe() {
        return new Describe(SECTION).add(CONNECT_STRING, connect).add(TARGET_SCHEMA, targetSchema).lines();
    }

    @Override
    public String toString() {
        return String.join(", ", describe());
    }
}

package io.mysql2gp.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A my.cnf under construction for tests: the documented sample, changed key by key. */
final class CnfText {
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    /** The sample from the original documentation, all four sections. */
    static CnfText sample() {
        return new CnfText()
                .set("src.mysql", "host", "\"192.168.1.1\"")
                .set("src.mysql", "port", "\"3301\"")
                .set("src.mysql", "user", "\"test\"")
                .set("src.mysql", "password", "\"123456\"")
                .set("src.mysql", "db", "\"test\"")
                .set("src.mysql", "encodingdir", "\"share\"")
                .set("src.mysql", "encoding", "\"utf8\"")
                .set("src.mysql", "binlogfile", "\"mysql-bin.000001\"")
                .set("local.pgsql", "connect_string",
                        "\"dbname=test host=127.0.0.1 port=5432 user=test password=pgsql\"")
                .set("desc.pgsql", "connect_string",
                        "\"host=192.167.1.2 dbname=postgres port=5432 user=test password=pgsql\"")
                .set("desc.pgsql", "target_schema", "\"test\"")
                .set("binlogloader", "loader_table_list", "\"loader_table_list.txt\"");
    }

    /** Sets a key to a raw value exactly as written after "key = " (quotes included). */
    CnfText set(String section, String key, String raw) {
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, raw);
        return this;
    }

    CnfText remove(String section, String key) {
        sections.get(section).remove(key);
        return this;
    }

    CnfText removeSection(String section) {
        sections.remove(section);
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder("# mysql2gp test configuration\n");
        sections.forEach((name, keys) -> {
            sb.append('[').append(name).append("]\n");
            keys.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
            sb.append('\n');
        });
        return sb.toString();
    }

    /** Writes my.cnf and an empty loader_table_list.txt into {@code dir}; returns the my.cnf path. */
    Path writeTo(Path dir) {
        try {
            Files.writeString(dir.resolve("loader_table_list.txt"), "a\nb\n");
            return Files.writeString(dir.resolve("my.cnf"), render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.mysql2gp.loader.bench;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmark ran on: CPU, memory, Java, server versions. */
final class Machine {
    private Machine() {}

    static Map<String, String> describe(MysqlServer mysql, PgServer pg) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("CPU model", procLine("/proc/cpuinfo", "model name"));
        m.put("memory", procLine("/proc/meminfo", "MemTotal"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("MariaDB", query(mysql, null, "SELECT VERSION()"));
        m.put("PostgreSQL", query(null, pg, "SHOW server_version"));
        return m;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String procLine(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String query(MysqlServer mysql, PgServer pg, String sql) {
        try (Connection c = mysql != null ? mysql.connect(null) : pg.connect("postgres")) {
            return String.valueOf(PipelineBench.queryLongOrText(c, sql));
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}

package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.text.CopyText;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every column type written by a private MariaDB 10.x server (FULL row metadata), decoded from its binlog file. */
class MariadbBinlogIT {
    private static Path dir;
    private static Process server;
    private static Path socket;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(new File("/usr/sbin/mariadbd").canExecute() || onPath("mariadbd"), "mariadbd not installed");
        dir = Files.createTempDirectory("m2g-decode-it");
        Path data = dir.resolve("data");
        socket = dir.resolve("s.sock");
        String user = System.getProperty("user.name");
        run(List.of("mariadb-install-db", "--no-defaults", "--user=" + user, "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("mariadbd", "--no-defaults", "--user=" + user, "--datadir=" + data,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket, "--pid-file=" + dir.resolve("pid"),
                "--log-error=" + dir.resolve("err.log"), "--server-id=1", "--log-bin=" + data.resolve("binlog"),
                "--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Process ping = new ProcessBuilder("mariadb-admin", "--no-defaults", "-uroot", "--socket=" + socket, "ping")
                    .redirectErrorStream(true).start();
            ping.getInputStream().readAllBytes();
            if (ping.waitFor() == 0) {
                break;
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException("MariaDB did not start: " + tail(dir.resolve("err.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyColumnTypeDecodesToCanonicalText() throws Exception {
        sql("SET sql_mode=''; SET time_zone='+00:00'; CREATE DATABASE d; USE d; CREATE TABLE t ("
                + "id INT UNSIGNED PRIMARY KEY, ti TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED,"
                + " bi BIGINT UNSIGNED, de DECIMAL(65,30), f FLOAT, db DOUBLE,"
                + " c CHAR(5) CHARACTER SET latin1, vc VARCHAR(20) CHARACTER SET utf8mb4, tx TEXT CHARACTER SET gbk,"
                + " b BINARY(4), vb VARBINARY(10), bl BLOB, dt DATE, dtm DATETIME(6), ts TIMESTAMP(3) NULL,"
                + " tm TIME(2), y YEAR, bt BIT(10), e ENUM('small','medium','large'), s SET('one','two','three'),"
                + " j JSON, i6 INET6, b1 BIT(1));"
                + "INSERT INTO t VALUES (4294967295, 255, -32768, 16777215, 18446744073709551615,"
                + " '-0.000000000000000000000000000001', 0.1, 0.1, 'café', '😀x\\t\\\\N', '中文', 'ab', 0x005C00, 0x00FF,"
                + " '1000-03-01', '0000-00-00 00:00:00', '1970-01-01 00:00:01.5', '-838:59:59', 0, b'1000000011',"
                + " 'medium', 'one,three', '{\"a\": [1, 2.5]}', '1::', b'1');"
                + "INSERT INTO t (id, dt, dtm, ts, tm, y, e) VALUES (2, '0000-00-00', '2024-02-29 23:59:59.123456',"
                + " '0000-00-00 00:00:00', '123:00:00.5', 2155, 'nonsense');"
                + "UPDATE t SET vc = 'after', tm = '-00:00:01.25' WHERE id = 2;"
                + "FLUSH BINARY LOGS;");
        CharsetNames charsets = new CharsetNames(Map.of());
        RowEncoder encoder = new RowEncoder(charsets);
        TableSchema schema = null;
        List<Serializable[]> inserted = new ArrayList<>();
        List<Map.Entry<Serializable[], Serializable[]>> updated = new ArrayList<>();
        try (BinaryLogFileReader reader = new BinaryLogFileReader(
                dir.resolve("data").resolve("binlog.000001").toFile(), EventDeserializers.create())) {
            for (Event e = reader.readEvent(); e != null; e = reader.readEvent()) {
                assertThat(e.getHeader().getEventType()).isNotEqualTo(EventType.UNKNOWN);
                if (e.getData() instanceof TableMapEventData tm && tm.getTable().equals("t")) {
                    schema = TableSchemas.fromTableMap(tm, null, charsets);
                } else if (e.getData() instanceof WriteRowsEventData w) {
                    RowEncoder.requireFullImage(schema, w.getIncludedColumns());
                    inserted.addAll(w.getRows());
                } else if (e.getData() instanceof UpdateRowsEventData u) {
                    updated.addAll(u.getRows());
                }
            }
        }
        assertThat(schema).isNotNull();
        assertThat(schema.primaryKey()).containsExactly(0);
        assertThat(schema.columns()).extracting(ColumnDef::type).containsExactly(MysqlType.INT, MysqlType.TINYINT,
                MysqlType.SMALLINT, MysqlType.MEDIUMINT, MysqlType.BIGINT, MysqlType.DECIMAL, MysqlType.FLOAT,
                MysqlType.DOUBLE, MysqlType.CHAR, MysqlType.VARCHAR, MysqlType.TEXT, MysqlType.BINARY,
                MysqlType.VARBINARY, MysqlType.BLOB, MysqlType.DATE, MysqlType.DATETIME, MysqlType.TIMESTAMP,
                MysqlType.TIME, MysqlType.YEAR, MysqlType.BIT, MysqlType.ENUM, MysqlType.SET, MysqlType.TEXT,
                MysqlType.BINARY, MysqlType.BIT);
        assertThat(inserted).hasSize(2);
        assertThat(CopyText.splitLine(encoder.imageLine(schema, inserted.get(0)))).containsExactly("4294967295",
                "255", "-32768", "16777215", "18446744073709551615", "-0.000000000000000000000000000001", "0.1", "0.1",
                "café", "😀x\t\\N", "中文", "\\x61620000", "\\x005c00", "\\x00ff", "1000-03-01",
                "0000-00-00 00:00:00.000000", "1970-01-01 00:00:01.500+00", "-838:59:59.00", "0", "1000000011",
                "medium", "one,three", "{\"a\": [1, 2.5]}", "\\x00010000000000000000000000000000", "1");
        List<String> second = CopyText.splitLine(encoder.imageLine(schema, inserted.get(1)));
        assertThat(second.subList(14, 21)).containsExactly("0000-00-00", "2024-02-29 23:59:59.123456",
                "0000-00-00 00:00:00.000", "123:00:00.50", "2155", null, "");
        assertThat(encoder.keyLine(schema, inserted.get(1))).isEqualTo("2");
        assertThat(updated).hasSize(1);
        List<String> after = CopyText.splitLine(encoder.imageLine(schema, updated.get(0).getValue()));
        assertThat(after.get(9)).isEqualTo("after");
        assertThat(after.get(17)).isEqualTo("-00:00:01.25");
        assertThat(CopyText.splitLine(encoder.imageLine(schema, updated.get(0).getKey())))
                .isEqualTo(second);

        // the same deserializer over a live replication connection gives the same lines
        List<String> fromFile = new ArrayList<>();
        for (Serializable[] row : inserted) {
            fromFile.add(encoder.imageLine(schema, row));
        }
        assertThat(liveInsertLines(schema)).isEqualTo(fromFile);
    }

    private static List<String> liveInsertLines(TableSchema schema) throws Exception {
        sql("CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-pw';"
                + " GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'repl'@'127.0.0.1';");
        List<String> lines = new CopyOnWriteArrayList<>();
        RowEncoder encoder = new RowEncoder(new CharsetNames());
        CountDownLatch twoRows = new CountDownLatch(2);
        BinaryLogClient client = new BinaryLogClient("127.0.0.1", port, "repl", "repl-pw");
        client.setServerId(4242);
        client.setKeepAlive(false);
        client.setBinlogFilename("binlog.000001");
        client.setBinlogPosition(4);
        client.setEventDeserializer(EventDeserializers.create());
        client.registerEventListener(e -> {
            if (e.getData() instanceof WriteRowsEventData w) {
                for (Serializable[] row : w.getRows()) {
                    lines.add(encoder.imageLine(schema, row));
                    twoRows.countDown();
                }
            }
        });
        client.connect(TimeUnit.SECONDS.toMillis(20));
        try {
            assertThat(twoRows.await(20, TimeUnit.SECONDS)).as("rows received over the live connection").isTrue();
        } finally {
            client.disconnect();
        }
        return lines;
    }

    @Test
    void builtInCollationTableAgreesWithTheServer() throws Exception {
        Process p = new ProcessBuilder("mariadb", "--no-defaults", "-uroot", "--socket=" + socket, "-N", "-B", "-e",
                "SELECT id, character_set_name FROM information_schema.collations WHERE id IS NOT NULL")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        CharsetNames builtIn = new CharsetNames();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            int id = Integer.parseInt(f[0].trim());
            String expected = f[1].trim();
            String actual;
            try {
                actual = builtIn.charsetOf(id);
            } catch (CharsetNames.UnknownCharsetException e) {
                actual = "(unknown)";
            }
            if (!actual.equals(expected)) {
                wrong.add(id + ": " + expected + " but built-in says " + actual);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(wrong).isEmpty();
    }

    private static void sql(String statements) throws Exception {
        run(List.of("mariadb", "--no-defaults", "-uroot", "--socket=" + socket, "--default-character-set=utf8mb4",
                "-e", statements));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, exe).canExecute()) {
                return true;
            }
        }
        return false;
    }
}

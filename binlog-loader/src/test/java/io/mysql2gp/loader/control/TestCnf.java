package io.mysql2gp.loader.control;

import io.mysql2gp.common.config.Daemon;
import io.mysql2gp.common.config.MyCnf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a loader my.cnf and its table list into a directory and loads it, as binlog_loader would. */
final class TestCnf {
    private TestCnf() {
    }

    /**
     * @param source the {@code [src.mysql]} body (key = value lines), or null to leave the section out
     * @param tables the lines of loader_table_list.txt
     */
    static MyCnf load(Path dir, String source, String targetSchema, String loaderExtra, List<String> tables) {
        try {
            Path list = dir.resolve("loader_table_list.txt");
            Files.writeString(list, String.join("\n", tables) + "\n");
            String text = (source == null ? "" : "[src.mysql]\n" + source + "\n")
                    + "[local.pgsql]\nconnect_string = \"host=127.0.0.1 port=1 dbname=staging user=x\"\n"
                    + "[desc.pgsql]\nconnect_string = \"host=127.0.0.1 port=1 dbname=target user=x\"\n"
                    + "target_schema = \"" + targetSchema + "\"\n"
                    + "[binlogloader]\nloader_table_list = \"" + list + "\"\n" + loaderExtra + "\n";
            Path cnf = dir.resolve("my.cnf");
            Files.writeString(cnf, text);
            return MyCnf.load(cnf, Daemon.LOADER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String source(String host, int port, String user, String password, String db) {
        return "host = \"" + host + "\"\nport = \"" + port + "\"\nuser = \"" + user + "\"\npassword = \"" + password
                + "\"\ndb = \"" + db + "\"\nssl_mode = \"disabled\"\n";
    }
}

package io.mysql2gp.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [src.mysql]} section: the source MySQL/MariaDB server and where reading starts.
 *
 * @param binlogFile      first binlog file for the very first run; null if not given
 * @param binlogOffset    offset in that file (0 in the file means 4, the first event)
 * @param serverIdDerived true when serverid was not given and was derived from the staging database
 */
public record SourceConfig(String host, int port, String user, Secret password, String db, Path encodingDir,
        String encoding, String binlogFile, long binlogOffset, long serverId, boolean serverIdDerived,
        SslMode sslMode, Path sslCa) {

    public static final String SECTION = "src.mysql";
    static final Key<String> HOST = Key.required("host", Parsers.text(), "source MySQL host name or address");
    static final Key<Integer> PORT = Key.optional("port", 3306, Parsers.integer(1, 65535), "source MySQL port");
    static final Key<String> USER = Key.required("user", Parsers.text(), "replication user");
    static final Key<Secret> PASSWORD = Key.optional("password", Secret.empty(), Parsers.secret(),
            "password of the replication user").secretValue();
    static final Key<String> DB = Key.required("db", Parsers.text(), "source database whose tables are synced");
    static final Key<Path> ENCODING_DIR = Key.optional("encodingdir", null, Parsers.path(),
            "character set directory (kept for compatibility; unused)");
    static final Key<String> ENCODING = Key.optional("encoding", "utf8mb4", Parsers.text(),
            "client character set for schema queries");
    static final Key<String> BINLOG_FILE = Key.optional("binlogfile", null, Parsers.text(),
            "binlog file to start from when staging holds no position yet");
    static final Key<Long> BINLOG_OFFSET = Key.optional("binlogfile_offset", 4L,
            Parsers.longInteger(0, Long.MAX_VALUE), "offset in binlogfile to start from (0 means 4)");
    static final Key<Long> SERVER_ID = Key.optional("serverid", null, Parsers.longInteger(1, 4294967295L),
            "server id this replica uses towards the source; unique among its replicas");
    static final Key<SslMode> SSL_MODE = Key.optional("ssl_mode", SslMode.PREFERRED,
            Parsers.oneOf(SslMode.class), "TLS towards the source");
    static final Key<Path> SSL_CA = Key.optional("ssl_ca", null, Parsers.path(),
            "CA certificate file (PEM) to verify the source with");
    static final List<Key<?>> KEYS = List.of(HOST, PORT, USER, PASSWORD, DB, ENCODING_DIR, ENCODING, BINLOG_FILE,
            BINLOG_OFFSET, SERVER_ID, SSL_MODE, SSL_CA);

    /** TLS modes towards MySQL, as MySQL clients name them. */
    public enum SslMode implements Parsers.ConfigNamed {
        DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY;

        @Override
        public String configName() {
            return name();
        }
    }

    static SourceConfig read(SectionReader r) {
        Long offset = r.get(BINLOG_OFFSET);
        if (offset != null && offset > 0 && offset < 4) {
            r.problem(BINLOG_OFFSET, "\"" + offset + "\" is inside the binlog header: use 0 or 4 or more");
        }
        Long serverId = r.get(SERVER_ID);
        Path ca = r.get(SSL_CA);
        if (ca != null && !Files.isReadable(ca)) {
            r.problem(SSL_CA, "file " + ca + " does not exist or is not readable");
        }
        SslMode mode = r.get(SSL_MODE);
        if (ca != null && (mode == SslMode.PREFERRED || mode == SslMode.REQUIRED)) {
            r.warning(SSL_CA, "not used: ssl_mode " + mode.configName().toLowerCase(java.util.Locale.ROOT)
                    + " encrypts without checking the server certificate; set ssl_mode to verify_ca or"
                    + " verify_identity to check it against ssl_ca");
        }
        return new SourceConfig(r.get(HOST), orZero(r.get(PORT)), r.get(USER), r.get(PASSWORD), r.get(DB),
                r.get(ENCODING_DIR), r.get(ENCODING), r.get(BINLOG_FILE),
                offset == null || offset == 0 ? 4 : offset, serverId == null ? 0 : serverId, serverId == null,
                mode, ca);
    }

    /** This configuration with a derived server id (used when serverid is not given). */
    SourceConfig withDerivedServerId(long id) {
        return new SourceConfig(host, port, user, password, db, encodingDir, encoding, binlogFile, binlogOffset, id,
                true, sslMode, sslCa);
    }

    List<String> describe() {
        return new Describe(SECTION).add(HOST, host).add(PORT, port).add(USER, user).add(PASSWORD, password)
                .add(DB, db).add(ENCODING_DIR, encodingDir).add(ENCODING, encoding).add(BINLOG_FILE, binlogFile)
                .add(BINLOG_OFFSET, binlogOffset)
                .add(SERVER_ID, serverId, serverIdDerived ? "derived from the staging database" : null)
                .add(SSL_MODE, sslMode).add(SSL_CA, sslCa).lines();
    }

    @Override
    public String toString() {
        return String.join(", ", describe());
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}

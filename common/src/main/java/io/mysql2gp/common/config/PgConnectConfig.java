package io.mysql2gp.common.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A parsed libpq connect string, with libpq's defaults applied, that can produce a pgjdbc URL and
 * properties; a connection without a host (or with a directory as host) goes over the Unix socket.
 *
 * @param host            host name, IP address, or directory of the Unix socket; null for the default /tmp
 * @param hostaddr        numeric address to connect to instead of resolving host; may be null
 * @param connectTimeout  seconds, or null for the driver's default
 */
public record PgConnectConfig(
        String host,
        String hostaddr,
        int port,
        String dbname,
        String user,
        Secret password,
        String sslmode,
        String sslrootcert,
        String sslcert,
        String sslkey,
        Integer connectTimeout,
        String applicationName,
        String options) {

    /** libpq's compiled-in default socket directory. */
    public static final String DEFAULT_SOCKET_DIR = "/tmp";
    /** junixsocket's socket factory for pgjdbc; its argument is the socket file. */
    public static final String UNIX_SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";

    public PgConnectConfig {
        Objects.requireNonNull(dbname, "dbname");
        Objects.requireNonNull(user, "user");
        password = password == null ? Secret.empty() : password;
    }

    /** True when libpq would use a Unix-domain socket: no hostaddr, and no host or a directory as host. */
    public boolean isUnixSocket() {
        return hostaddr == null && (host == null || host.startsWith("/"));
    }

    /** The socket file {@code <dir>/.s.PGSQL.<port>}; only meaningful when {@link #isUnixSocket()}. */
    public Path socketPath() {
        String dir = host == null ? DEFAULT_SOCKET_DIR : host;
        return Path.of(dir, ".s.PGSQL." + port);
    }

    /** The pgjdbc URL; it never holds the password (that is in {@link #jdbcProperties()}). */
    public String jdbcUrl() {
        String h = isUnixSocket() ? "localhost" : (hostaddr != null ? hostaddr : host);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]"; // IPv6 literal
        }
        // pgjdbc URL-decodes the database name
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
    }

    /** The pgjdbc connection properties: user, password, TLS, timeouts, and the Unix socket factory. */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (!password.isEmpty()) {
            p.setProperty("password", password.reveal());
        }
        putIfSet(p, "ApplicationName", applicationName);
        putIfSet(p, "options", options);
        if (connectTimeout != null) {
            p.setProperty("connectTimeout", connectTimeout.toString());
        }
        if (isUnixSocket()) {
            p.setProperty("socketFactory", UNIX_SOCKET_FACTORY);
            p.setProperty("socketFactoryArg", socketPath().toString());
            // libpq never uses TLS over a Unix socket, whatever sslmode says; pgjdbc would try
            p.setProperty("sslmode", "disable");
        } else {
            putIfSet(p, "sslmode", sslmode);
            putIfSet(p, "sslrootcert", sslrootcert);
            putIfSet(p, "sslcert", sslcert);
            putIfSet(p, "sslkey", sslkey);
        }
        return p;
    }

    /** Stable identity of the database (where, which port, which database), without user or password. */
    public String identity() {
        String where = isUnixSocket() ? socketPath().getParent().toString() : (hostaddr != null ? hostaddr : host);
        return where + ":" + port + "/" + dbname;
    }

    /** libpq-style text with the password masked, plus how the connection is made. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, "host", host);
        add(parts, "hostaddr", hostaddr);
        parts.add("port=" + port);
        add(parts, "dbname", dbname);
        add(parts, "user", user);
        if (!password.isEmpty()) {
            parts.add("password=" + Secret.MASK);
        }
        add(parts, "sslmode", sslmode);
        add(parts, "sslrootcert", sslrootcert);
        add(parts, "sslcert", sslcert);
        add(parts, "sslkey", sslkey);
        add(parts, "connect_timeout", connectTimeout == null ? null : connectTimeout.toString());
        add(parts, "application_name", applicationName);
        add(parts, "options", options);
        String via = isUnixSocket() ? "unix socket " + socketPath() : "TCP";
        return String.join(" ", parts) + " (" + via + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + "=" + quote(value));
        }
    }

    /** Quotes a value the way libpq reads it back, when it needs quoting. */
    static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\')) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }
}

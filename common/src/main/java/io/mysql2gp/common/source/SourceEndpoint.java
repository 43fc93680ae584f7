package io.mysql2gp.common.source;

import java.util.Locale;
import java.util.Objects;

/**
 * Where and as whom to connect to the source MySQL/MariaDB server.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     user name
 * @param password password (never printed: {@link #toString()} masks it)
 * @param db       the database whose tables are replicated (may be null for server-level work)
 * @param sslMode  disabled, preferred, required, verify_ca or verify_identity (case-insensitive; null = preferred)
 * @param sslCa    path of the CA certificate (PEM) or trust store (JKS/PKCS12) for verify_ca/verify_identity; may be null
 */
public record SourceEndpoint(String host, int port, String user, String password, String db, String sslMode, String sslCa) {
    public SourceEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("source port " + port + " is not between 1 and 65535");
        }
        sslMode = sslMode == null || sslMode.isBlank() ? "preferred" : sslMode.trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("disabled", "preferred", "required", "verify_ca", "verify_identity").contains(sslMode)) {
            throw new IllegalArgumentException("ssl_mode '" + sslMode
                    + "' is not one of disabled, preferred, required, verify_ca, verify_identity");
        }
        password = password == null ? "" : password;
    }

    /** {@code host:port} for messages. */
    public String address() {
        return host + ":" + port;
    }

    /** Whether TLS may not be used, so that caching_sha2_password needs the server's public key. */
    public boolean tlsDisabled() {
        return sslMode.equals("disabled");
    }

    @Override
    public String toString() {
        return "SourceEndpoint[" + user + "@" + address() + (db == null ? "" : "/" + db)
                + ", password=" + (password.isEmpty() ? "(none)" : "****") + ", ssl_mode=" + sslMode
                + (sslCa == null ? "" : ", ssl_ca=" + sslCa) + "]";
    }
}

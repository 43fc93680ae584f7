package io.mysql2gp.common.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens JDBC connections (MySQL Connector/J) to the source server described by a {@link SourceEndpoint}. */
public final class SourceConnections {
    private static final Logger LOG = LoggerFactory.getLogger(SourceConnections.class);
    private static final String TRUST_STORE_PASSWORD = "mysql2gp";
    private static final int ACCESS_DENIED = 1045;

    private final SourceEndpoint endpoint;
    private final Duration connectTimeout;
    private volatile String trustStoreUrl;

    public SourceConnections(SourceEndpoint endpoint, Duration connectTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public SourceEndpoint endpoint() {
        return endpoint;
    }

    /** A connection to the endpoint's database. */
    public Connection open() {
        return open(endpoint.db());
    }

    /** A connection with {@code db} as default database (null: none). */
    public Connection open(String db) {
        String url = jdbcUrl(endpoint, db);
        Properties props = properties(endpoint, connectTimeout);
        if (endpoint.sslCa() != null && !endpoint.sslCa().isBlank()) {
            props.setProperty("trustCertificateKeyStoreUrl", trustStoreUrl());
            props.setProperty("trustCertificateKeyStoreType", "PKCS12");
            props.setProperty("trustCertificateKeyStorePassword", TRUST_STORE_PASSWORD);
        }
        try {
            Connection c = DriverManager.getConnection(url, props);
            LOG.debug("source: connected to {} as '{}'", endpoint.address(), endpoint.user());
            return c;
        } catch (SQLException e) {
            throw failure(endpoint, "cannot connect", e);
        }
    }

    /** The URL: host, port and database only (password and options travel in the properties). */
    public static String jdbcUrl(SourceEndpoint ep, String db) {
        String host = ep.host().contains(":") && !ep.host().startsWith("[") ? "[" + ep.host() + "]" : ep.host();
        String path = db == null || db.isEmpty() ? "" : URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:mysql://" + host + ":" + ep.port() + "/" + path;
    }

    /** The Connector/J properties for an endpoint, password included (never log them). */
    public static Properties properties(SourceEndpoint ep, Duration connectTimeout) {
        Properties p = new Properties();
        p.setProperty("user", ep.user());
        p.setProperty("password", ep.password());
        p.setProperty("sslMode", ep.sslMode().toUpperCase(java.util.Locale.ROOT));
        // Without TLS, caching_sha2_password (MySQL 8 default) can only send the password RSA-encrypted.
        p.setProperty("allowPublicKeyRetrieval", Boolean.toString(ep.tlsDisabled()));
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toMillis())));
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectionTimeZone", "UTC");
        p.setProperty("forceConnectionTimeZoneToSession", "true");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("autoReconnect", "false");
        p.setProperty("useInformationSchema", "true");
        p.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        p.setProperty("connectionAttributes", "program_name:mysql2gp-binlog-miner");
        return p;
    }

    /** A typed exception naming host:port, user and the server's reason; retriable for connection-class errors. */
    public static SourceException failure(SourceEndpoint ep, String what, SQLException e) {
        if (SourceTls.isTlsFailure(e)) {
            // a certificate or handshake problem is settled by configuration, not by retrying
            return new SourceException(SourceTls.failureText(ep, e), false, e);
        }
        String reason = SourceException.reason(e);
        if (e.getErrorCode() == ACCESS_DENIED && ep.tlsDisabled()) {
            reason += "; [src.mysql] ssl_mode=disabled: if the account is created with REQUIRE SSL/X509,"
                    + " set ssl_mode to required, verify_ca or verify_identity";
        }
        if (!ep.password().isEmpty()) {
            reason = reason.replace(ep.password(), "****");
        }
        return new SourceException(what + " to source " + ep.address() + " as user '" + ep.user() + "': " + reason,
                SourceException.isConnectionError(e), e);
    }

    private String trustStoreUrl() {
        if (trustStoreUrl == null) {
            trustStoreUrl = buildTrustStore(Path.of(endpoint.sslCa())).toUri().toString();
        }
        return trustStoreUrl;
    }

    /** Turns the ssl_ca file into a PKCS12 trust store file for Connector/J. */
    private static Path buildTrustStore(Path ca) {
        KeyStore store = SourceTls.trustStore(ca);
        try {
            return writeTrustStore(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new SourceException("[src.mysql] ssl_ca: cannot prepare a trust store from '" + ca + "': "
                    + e.getMessage(), false, e);
        }
    }

    private static Path writeTrustStore(KeyStore store) throws IOException, GeneralSecurityException {
        Path file = Files.createTempFile("mysql2gp-source-ca-", ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        return file;
    }
}

package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS to the source: ssl_mode verify_ca/verify_identity with a PEM ssl_ca, against a server with its own CA. */
class SourceTlsIT {
    @TempDir
    static Path certs;
    private static MysqlServer server;

    @BeforeAll
    static void serverWithCertificate() throws Exception {
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=mysql2gp-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=some-other-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=mysql2gp-test-server");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        server = TestServers.newMysql("--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
                "--ssl-key=" + certs.resolve("server.key"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true)
                .redirectOutput(certs.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as("openssl %s: %s", String.join(" ", args), Files.readString(certs.resolve("openssl.log"))).isTrue();
    }

    private static SourceConnections source(String sslMode, String ca) {
        return new SourceConnections(new SourceEndpoint(server.host(), server.port(), server.rootUser(),
                server.rootPassword(), null, sslMode, ca), Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "ssl_mode {0} encrypts")
    @CsvSource({"required", "verify_ca", "verify_identity"})
    void verifiedConnectionIsEncrypted(String sslMode) throws Exception {
        try (Connection c = source(sslMode, certs.resolve("ca.pem").toString()).open();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNotEmpty();
        }
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> source("verify_ca", certs.resolve("other-ca.pem").toString()).open())
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("cannot connect to source " + server.host() + ":" + server.port() + " as user '" + server.rootUser() + "': ")
                .hasMessageNotContaining(server.rootPassword());
    }

    @Test
    void unreadableCaFileIsFatalAndNamed() {
        assertThatThrownBy(() -> source("verify_ca", certs.resolve("missing.pem").toString()).open())
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageStartingWith("cannot read ssl_ca file '" + certs.resolve("missing.pem") + "'");
    }
}

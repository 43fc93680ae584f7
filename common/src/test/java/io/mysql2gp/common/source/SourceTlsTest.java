package io.mysql2gp.common.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.sql.SQLNonTransientConnectionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class SourceTlsTest {
    private static SourceEndpoint endpoint(String mode, String ca) {
        return new SourceEndpoint("db1.example", 3307, "repl", "s3cret", "app", mode, ca);
    }

    @Test
    void disabledHasNoTlsLayer() {
        assertThat(SourceTls.layer(endpoint("disabled", null))).isNull();
    }

    @Test
    void onlyVerifyIdentityChecksTheHostName() {
        assertThat(SourceTls.layer(endpoint("required", null)).checkHostName()).isFalse();
        assertThat(SourceTls.layer(endpoint("verify_ca", null)).checkHostName()).isFalse();
        assertThat(SourceTls.layer(endpoint("verify_identity", null)).checkHostName()).isTrue();
        assertThat(SourceTls.layer(endpoint("verify_identity", null)).host()).isEqualTo("db1.example");
    }

    @Test
    void aHandshakeFailureAnywhereInTheCauseChainIsATlsFailure() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertPathValidatorException("Path does not chain with any of the trust anchors"));
        SQLNonTransientConnectionException jdbc = new SQLNonTransientConnectionException("Communications link failure",
                "08S01", 0, handshake);
        assertThat(SourceTls.isTlsFailure(jdbc)).isTrue();
        assertThat(SourceTls.isTlsFailure(new IOException("connection refused"))).isFalse();
    }

    @Test
    void theFailureLineNamesTheKeysTheAddressAndTheInnermostTlsReason() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertPathValidatorException("Path does not chain with any of the trust anchors"));
        String line = SourceTls.failureText(endpoint("verify_ca", "/etc/m2g/ca.pem"),
                new SQLNonTransientConnectionException("Communications link failure", "08S01", 0, handshake));
        assertThat(line).isEqualTo("TLS to source db1.example:3307 failed ([src.mysql] ssl_mode=verify_ca,"
                + " ssl_ca=/etc/m2g/ca.pem): Path does not chain with any of the trust anchors;"
                + " the server certificate must be signed by a CA in ssl_ca").doesNotContain("s3cret");
    }
}

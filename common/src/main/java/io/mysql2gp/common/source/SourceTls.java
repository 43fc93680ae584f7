package io.mysql2gp.common.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS towards the source as MySQL clients do it: {@code preferred}/{@code required} encrypt without
 * checking the certificate, {@code verify_ca} checks it against {@code ssl_ca} (or the JVM's trusted
 * CAs when no ssl_ca is given), {@code verify_identity} also checks the configured host name.
 */
public final class SourceTls {
    private SourceTls() {
    }

    /** The trust store for {@code ssl_ca}: PEM certificates, or a JKS/PKCS12 store without password. */
    public static KeyStore trustStore(Path ca) {
        try {
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(ca)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (GeneralSecurityException notPem) {
                certs = List.of();
            }
            if (certs.isEmpty()) {
                KeyStore given = KeyStore.getInstance(ca.toString().endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(ca)) {
                    given.load(in, null);
                }
                return given;
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca" + i++, c);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new SourceException("[src.mysql] ssl_ca: cannot read '" + ca + "': " + e.getMessage()
                    + " (expected PEM certificates or a JKS/PKCS12 trust store)", false, e);
        }
    }

    /**
     * A socket layer for the endpoint's ssl_mode, or null for {@code disabled}. The socket it makes
     * checks the configured host name itself (not a reverse lookup of the address) for verify_identity.
     */
    public static Layer layer(SourceEndpoint ep) {
        if (ep.tlsDisabled()) {
            return null;
        }
        boolean verify = ep.sslMode().startsWith("verify_");
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {verify ? verifying(ep.sslCa()) : TRUST_ANY}, null);
            return new Layer(ctx, ep.host(), ep.port(), ep.sslMode().equals("verify_identity"));
        } catch (GeneralSecurityException e) {
            throw new SourceException("[src.mysql] ssl_mode " + ep.sslMode() + ": cannot set up TLS: "
                    + e.getMessage(), false, e);
        }
    }

    private static X509ExtendedTrustManager verifying(String ca) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ca == null || ca.isBlank() ? null : trustStore(Path.of(ca)));
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /** Whether a failure's cause chain holds a TLS failure (handshake, certificate, host name). */
    public static boolean isTlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException
                    || c instanceof java.security.cert.CertPathValidatorException
                    || c.getClass().getSimpleName().equals("IdentityVerificationException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one line for a TLS failure: what failed, where, and which keys to check, e.g. {@code TLS
     * to source db1:3306 failed ([src.mysql] ssl_mode=verify_ca, ssl_ca=/etc/ca.pem): PKIX path ...}.
     */
    public static String failureText(SourceEndpoint ep, Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof GeneralSecurityException) {
                root = c;
            }
        }
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "TLS to source " + ep.address() + " failed ([src.mysql] ssl_mode=" + ep.sslMode()
                + (ep.sslCa() == null ? ", no ssl_ca" : ", ssl_ca=" + ep.sslCa()) + "): " + reason
                + hint(ep);
    }

    private static String hint(SourceEndpoint ep) {
        return switch (ep.sslMode()) {
            case "verify_identity" -> "; the server certificate must be signed by a CA in ssl_ca and name the host '"
                    + ep.host() + "' (subjectAltName DNS or IP); verify_ca skips the host name check";
            case "verify_ca" -> "; the server certificate must be signed by a CA in ssl_ca";
            default -> "; check that the server's TLS setup works (e.g. mysql --ssl-mode=REQUIRED)";
        };
    }

    /** Wraps a connected socket in TLS for one source endpoint. */
    public record Layer(SSLContext context, String host, int port, boolean checkHostName) {
        /** The TLS socket over {@code plain}, handshake not yet done. */
        public SSLSocket wrap(Socket plain) throws IOException {
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            if (checkHostName) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            return s;
        }
    }

    /** For preferred/required: encryption without certificate checks, as MySQL clients do in these modes. */
    private static final X509ExtendedTrustManager TRUST_ANY = new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}

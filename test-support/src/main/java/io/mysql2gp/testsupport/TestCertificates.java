package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA, a second unrelated CA and a server certificate signed by the first for
 * {@code IP:127.0.0.1} only (so "localhost" does not match it), made with the openssl tool.
 *
 * @param ca         the private CA certificate (PEM)
 * @param otherCa    a CA that signed nothing here (PEM)
 * @param serverCert the server certificate (PEM), subjectAltName IP:127.0.0.1
 * @param serverKey  its key (PEM)
 */
public record TestCertificates(Path ca, Path otherCa, Path serverCert, Path serverKey) {

    /** Makes the files in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
                "2", "-subj", "/CN=mysql2gp-test-ca");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=some-other-ca");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=mysql2gp-test-server");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        return new TestCertificates(dir.resolve("ca.pem"), dir.resolve("other-ca.pem"), dir.resolve("server.pem"),
                dir.resolve("server.key"));
    }

    /** The server options that make MariaDB/MySQL offer TLS with this certificate. */
    public String[] serverOptions() {
        return new String[] {"--ssl-ca=" + ca, "--ssl-cert=" + serverCert, "--ssl-key=" + serverKey};
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + Files.readString(log));
        }
    }
}

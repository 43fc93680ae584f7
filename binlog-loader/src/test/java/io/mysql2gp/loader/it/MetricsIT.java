package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** With metrics_port set, each daemon serves Prometheus metrics that count what it did. */
class MetricsIT {
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(body);
        assertThat(m.find()).as(series + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void bothDaemonsServeMetricsOfWhatTheyDid() throws Exception {
        int minerPort = freePort();
        int loaderPort = freePort();
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "metrics",
                "metrics_port = \"" + loaderPort + "\"");
        p.dep.writeConfig(Files.readString(p.dep.config).replace("[binlogminer]\n",
                "[binlogminer]\nmetrics_port = \"" + minerPort + "\"\n"));
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db); Statement st = src.createStatement()) {
            for (int i = 1; i <= 250; i++) {
                st.execute("INSERT INTO t_int (id, a) VALUES (" + i + ", 'm')");
            }
            p.awaitApplied(miner, loader, 60_000);
            String minerMetrics = scrape(minerPort);
            assertThat(value(minerMetrics, "mysql2gp_rows_staged_total{table=\"t_int\"}")).isEqualTo(250);
            assertThat(value(minerMetrics, "mysql2gp_binlog_events_read_total")).isGreaterThan(250);
            assertThat(minerMetrics).contains("mysql2gp_batch_duration_seconds_count{daemon=\"miner\"}");
            assertThat(value(minerMetrics, "mysql2gp_binlog_files_before_miner")).isNotNegative();
            String loaderMetrics = scrape(loaderPort);
            assertThat(value(loaderMetrics, "mysql2gp_changes_applied_total{table=\"t_int\"}")).isEqualTo(250);
            assertThat(value(loaderMetrics, "mysql2gp_backlog_changes")).isZero();
            assertThat(value(loaderMetrics, "mysql2gp_paused_tables")).isZero();
            assertThat(loaderMetrics).doesNotContain("mysql2gp_binlog_files_before_miner");
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
        }
    }
}

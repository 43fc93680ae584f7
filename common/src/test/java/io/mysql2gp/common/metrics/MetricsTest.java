package io.mysql2gp.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static boolean served(String name) {
        return PrometheusRegistry.defaultRegistry.scrape().stream().map(MetricSnapshot::getMetadata)
                .anyMatch(m -> m.getPrometheusName().equals(name));
    }

    @Test
    void theMinersRetentionGaugeIsServedOnlyOnceTheMinerRegistersIt() {
        assertThat(served("mysql2gp_binlog_files_before_miner")).isFalse();
        Metrics.registerMinerGauges();
        Metrics.registerMinerGauges();
        Metrics.BINLOG_FILES_BEFORE_MINER.set(3);
        assertThat(served("mysql2gp_binlog_files_before_miner")).isTrue();
    }
}

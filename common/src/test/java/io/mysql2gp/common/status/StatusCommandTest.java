package io.mysql2gp.common.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    @Test
    void noArgumentsMeansTextAndDefaultLimits() {
        StatusCommand.Options o = StatusCommand.Options.parse(List.of());
        assertThat(o.json()).isFalse();
        assertThat(o.thresholds()).isEqualTo(HealthRules.Thresholds.DEFAULTS);
    }

    @Test
    void limitsAreTakenInBothSpellings() {
        StatusCommand.Options o = StatusCommand.Options.parse(List.of("--json", "--max-heartbeat-age", "5",
                "--max-lag=7", "--max-lag-bytes", "1000"));
        assertThat(o.json()).isTrue();
        assertThat(o.thresholds()).isEqualTo(new HealthRules.Thresholds(5, 7, 1000));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> StatusCommand.Options.parse(List.of("--jsn")))
                .hasMessage("unknown argument '--jsn'");
        assertThatThrownBy(() -> StatusCommand.Options.parse(List.of("--max-lag")))
                .hasMessage("--max-lag needs a value");
        assertThatThrownBy(() -> StatusCommand.Options.parse(List.of("--max-lag", "-1")))
                .hasMessage("--max-lag '-1' is not a whole number of at least 0");
    }
}

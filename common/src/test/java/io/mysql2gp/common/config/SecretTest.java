package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void aSecretNeverPrintsItsValue() {
        Secret s = Secret.of("hunter2");
        assertThat(s.toString()).isEqualTo("********");
        assertThat(String.valueOf(s)).doesNotContain("hunter2");
        assertThat("password is " + s).isEqualTo("password is ********");
        assertThat(s.masked()).isEqualTo("********");
        assertThat(s.reveal()).isEqualTo("hunter2");
    }

    @Test
    void anEmptySecretPrintsTheMaskButDescribesItselfAsNone() {
        assertThat(Secret.of("").toString()).isEqualTo("********");
        assertThat(Secret.of(null).masked()).isEqualTo("(none)");
        assertThat(Secret.empty().isEmpty()).isTrue();
    }

    @Test
    void secretsCompareByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }
}

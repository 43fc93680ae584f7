package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** scripts/demo.sh, the README's first set-up command, runs green (with the jars this build made). */
class DemoIT {
    @Test
    void theDemoSyncsAndVerifiesEqual() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/demo.sh").toString()).redirectErrorStream(true);
        pb.environment().put("MYSQL2GP_DEMO_SKIP_BUILD", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("demo.sh exit code; output:\n" + out).isZero();
        assertThat(out).contains("caught up:").contains("2 equal, 0 different").contains("stopping everything");
    }
}

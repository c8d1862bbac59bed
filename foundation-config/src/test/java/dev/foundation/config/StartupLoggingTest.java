package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JVM that loads a configuration prints nothing on its own: Hibernate Validator's version line
 * (HV000001, INFO through java.util.logging) stays quiet unless the application asks for it.
 */
class StartupLoggingTest {

    @TempDir
    Path dir;

    /** The child: loads a valid configuration once and exits. */
    public static final class LoadOnce {
        private LoadOnce() {
        }

        /**
         * Entry point of the child JVM.
         *
         * @param args the configuration file
         */
        public static void main(String[] args) {
            try (ConfigHandle<Fixtures.AppConfig> h = FoundationConfig.builder(Fixtures.AppConfig.class).prefix("app")
                    .file(Path.of(args[0])).build()) {
                System.out.println("pool=" + h.get().poolSize());
            }
        }
    }

    @Test
    void firstLoad_inAFreshJvm_printsNoValidatorVersionLine() throws IOException, InterruptedException {
        Path file = dir.resolve("app.yml");
        Files.writeString(file, Fixtures.VALID_YAML);
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoadOnce.class.getName(), file.toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(printed).isZero();
        assertThat(printed).contains("pool=20").doesNotContain("HV000001").doesNotContain("Hibernate Validator");
    }
}

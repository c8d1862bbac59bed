package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that is a named module, compiled and run against this module's jar and its runtime dependencies on
 * the module path (no class path, no {@code --add-modules}), with exactly the {@code opens} the README names.
 */
class ModulePathIT {

    private static final String MAIN = String.join("\n",
            "package app;",
            "",
            "import dev.foundation.config.ConfigHandle;",
            "import dev.foundation.config.FoundationConfig;",
            "import jakarta.validation.constraints.Min;",
            "import java.nio.file.Path;",
            "",
            "public final class Main {",
            "    public record Server(@Min(1) int port, String host) {}",
            "",
            "    public static void main(String[] args) {",
            "        try (ConfigHandle<Server> h = FoundationConfig.builder(Server.class).prefix(\"server\")",
            "                .file(Path.of(args[0])).build()) {",
            "            System.out.println(\"port=\" + h.get().port() + \" host=\" + h.get().host());",
            "        } catch (RuntimeException e) {",
            "            System.out.println(\"rejected: \" + e.getMessage());",
            "        }",
            "    }",
            "}",
            "");

    @TempDir
    Path dir;

    private String modulePath;

    @BeforeEach
    void modulePath() throws IOException {
        Path target = Path.of("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("foundation-config-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no foundation-config jar in target/: run after package"));
        }
        String dependencies = Files.readString(target.resolve("runtime-classpath.txt")).strip();
        modulePath = jar.toAbsolutePath() + java.io.File.pathSeparator + dependencies;
    }

    private Path compile(String moduleInfo) throws IOException, InterruptedException {
        Path src = dir.resolve("src/app");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Files.writeString(src.resolve("app/Main.java"), MAIN);
        Path out = dir.resolve("out-" + Integer.toHexString(moduleInfo.hashCode()));
        List<String> javac = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", out.toString(), "--module-path", modulePath,
                "--module-source-path", dir.resolve("src").toString(), "-m", "app"));
        Path log = dir.resolve("javac.log");
        Process p = new ProcessBuilder(javac).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("javac exited").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        return out;
    }

    private String run(Path classes, String yaml) throws IOException, InterruptedException {
        Path file = dir.resolve("app.yml");
        Files.writeString(file, yaml);
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + java.io.File.pathSeparator + modulePath, "-m", "app/app.Main", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        String printed = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("SLF4J")).collect(Collectors.joining("\n"));
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    @Test
    void namedApplicationModule_loadsAndValidates_withTheTwoDocumentedOpens() throws Exception {
        Path classes = compile("module app {\n    requires dev.foundation.config;\n"
                + "    opens app to dev.foundation.config, org.hibernate.validator;\n}\n");
        assertThat(run(classes, "server:\n  port: 8080\n  host: example\n")).isEqualTo("port=8080 host=example");
        assertThat(run(classes, "server:\n  port: 0\n  host: example\n"))
                .startsWith("rejected: configuration 'server' is invalid (1 violation)")
                .contains("server.port=0").contains("must be greater than or equal to 1")
                .doesNotContain("HV000183");
    }

    @Test
    void withoutTheOpens_theErrorSaysWhatToOpen() throws Exception {
        Path classes = compile("module app {\n    requires dev.foundation.config;\n}\n");
        assertThat(run(classes, "server:\n  port: 8080\n  host: example\n"))
                .contains("open its package to dev.foundation.config (and org.hibernate.validator) in module-info");
    }
}

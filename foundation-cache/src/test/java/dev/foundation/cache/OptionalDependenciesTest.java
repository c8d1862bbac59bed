package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hazelcast, Resilience4j and foundation-coordination are optional: a child JVM whose class path lacks them runs an
 * L1/L2 cache with every local feature (a missing class would fail it with NoClassDefFoundError), and L3 without
 * Resilience4j fails at build with a message naming the artifact to add.
 */
class OptionalDependenciesTest {

    @TempDir
    Path dir;

    @Test
    void l1l2Cache_runsWithoutHazelcastResilience4jOrCoordination() throws Exception {
        String output = run(List.of("hazelcast", "resilience4j", "foundation-coordination"), "local", dir.toString());
        assertThat(output).endsWith("ok");
    }

    @Test
    void l3_withoutResilience4j_failsAtBuild_namingTheArtifact() throws Exception {
        String output = run(List.of("resilience4j", "foundation-coordination"), "l3");
        assertThat(output).contains("L3 needs io.github.resilience4j:resilience4j-circuitbreaker on the class path");
    }

    private static String run(List<String> excluded, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> excluded.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, LocalOnlyMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }
}

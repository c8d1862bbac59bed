package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codecs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured L2 that cannot be opened (a read-only directory, a corrupt file that cannot be moved aside) does
 * not stop the application: the cache starts without L2, reports DEGRADED health naming the path, and sets the
 * {@code foundation.cache.l2.unavailable} meter.
 *
 * <p>The directory is made read-only for real: as root (which ignores permission bits) through a read-only bind
 * mount; otherwise by removing its write permission. Skipped, with the reason, when neither works.
 */
class L2UnavailableTest {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            run("umount", mounted.toString());
        }
        dir.resolve("ro").toFile().setWritable(true);
    }

    @Test
    void build_startsWithoutL2_whenTheDirectoryIsReadOnly() throws Exception {
        Path readOnly = readOnlyDirectory();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TieredCache<String, String> cache = cache(readOnly, registry)) {
            assertDegradedWithoutL2(cache, registry, readOnly);
        }
    }

    @Test
    void build_startsWithoutL2_whenACorruptFileCannotBeMovedAside() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("ro.db"), "this is not a SQLite database, and it is long enough to be read "
                + "as a header of one hundred bytes by SQLite when it opens the file", StandardCharsets.UTF_8);
        Path readOnly = readOnlyDirectory();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TieredCache<String, String> cache = cache(readOnly, registry)) {
            assertDegradedWithoutL2(cache, registry, readOnly);
        }
        assertThat(Files.readString(readOnly.resolve("ro.db"))).as("left as it was").startsWith("this is not");
    }

    @Test
    void health_isHealthy_whenL2Opens() {
        try (TieredCache<String, String> cache = cache(dir, new SimpleMeterRegistry())) {
            assertThat(cache.health().status()).isEqualTo(CacheHealth.Status.HEALTHY);
            assertThat(cache.health().problems()).isEmpty();
            assertThat(cache.stats().tiers()).containsKey(Tier.L2);
        }
    }

    private static TieredCache<String, String> cache(Path l2Dir, SimpleMeterRegistry registry) {
        return TieredCache.<String, String>builder("ro")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l1(L1.maximumSize(100))
                .l2(L2.disk(l2Dir))
                .meterRegistry(registry)
                .build();
    }

    private static void assertDegradedWithoutL2(TieredCache<String, String> cache, SimpleMeterRegistry registry,
                                                Path path) {
        CacheHealth health = cache.health();
        assertThat(health.status()).isEqualTo(CacheHealth.Status.DEGRADED);
        assertThat(health.problems()).singleElement().asString().contains("L2 unavailable", path.toString());
        assertThat(registry.get("foundation.cache.l2.unavailable").tag("cache", "ro").gauge().value()).isEqualTo(1.0);
        assertThat(cache.stats().tiers()).doesNotContainKey(Tier.L2).containsKey(Tier.L1);
        cache.put("k", "v");
        assertThat(cache.getIfPresent("k")).as("L1 serves").isEqualTo("v");
    }

    /** The directory {@code dir/ro}, showing the content of {@code dir/source}, in which nobody can write. */
    private Path readOnlyDirectory() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Path target = Files.createDirectories(dir.resolve("ro"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            String bind = run("mount", "--bind", source.toString(), target.toString());
            Assumptions.assumeTrue(bind.isEmpty(), () -> "a read-only bind mount is needed as root (root ignores "
                    + "permission bits) and mount --bind failed: " + bind);
            mounted = target;
            String remount = run("mount", "-o", "remount,ro,bind", target.toString());
            Assumptions.assumeTrue(remount.isEmpty(), () -> "remounting the bind mount read-only failed: " + remount);
        } else {
            Files.delete(target);
            Files.move(source, target);
            Files.createDirectories(source);
            target.toFile().setWritable(false);
        }
        Path probe = target.resolve("probe");
        boolean writable;
        try {
            Files.writeString(probe, "x");
            Files.delete(probe);
            writable = true;
        } catch (IOException expected) {
            writable = false;
        }
        Assumptions.assumeFalse(writable, "could not make " + target + " read-only on this machine");
        return target;
    }

    /** Runs a command; returns "" on success, else its exit code and output. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.toString();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? "" : String.join(" ", command) + " exited " + process.exitValue()
                + ": " + output.strip();
    }
}

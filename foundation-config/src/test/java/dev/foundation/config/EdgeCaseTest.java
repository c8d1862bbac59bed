package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foundation.config.Fixtures.AppConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, items 11 to 14: a typo in the section name, bad bytes, endless edits, remembered rejections. */
class EdgeCaseTest {

    @TempDir
    Path dir;

    /** A section whose every field has a default: a typo in its name used to bind all defaults silently. */
    record ServerConfig(@jakarta.validation.constraints.Min(1) @Default("8080") int port,
                        @Default("localhost") String host) {
    }

    @Test
    void topLevelTypoOfThePrefix_isAnUnknownKey_withDidYouMean() {
        Path file = Fixtures.write(dir.resolve("app.yml"), "sever:\n  port: 9090\nlogging:\n  level: debug\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(ServerConfig.class).prefix("server").file(file).build());
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("sever");
            assertThat(v.message()).isEqualTo("unknown key; did you mean 'server'? (no 'server' section was found,"
                    + " so every value would be its default)");
            assertThat(String.valueOf(v.origin())).as("where its section begins, as for nested unknown keys")
                    .isEqualTo("app.yml:2");
        });
    }

    @Test
    void typoOfANestedPrefixSegment_isReportedUnderItsParent() {
        Path file = Fixtures.write(dir.resolve("app.yml"), "app:\n  sevrer:\n    port: 9090\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> FoundationConfig.builder(ServerConfig.class).prefix("app.server").file(file).build());
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("app.sevrer");
            assertThat(v.message()).startsWith("unknown key; did you mean 'server'?");
        });
    }

    @Test
    void otherSections_andSimilarSectionsBesideThePrefix_areLeftAlone() {
        // other configurations' sections in a shared file are not this one's business; 'servers' beside a
        // present 'server' may be another configuration's section
        Path file = Fixtures.write(dir.resolve("app.yml"), "logging:\n  level: debug\nserver:\n  port: 9090\nservers:\n  x: 1\n");
        try (ConfigHandle<ServerConfig> h = FoundationConfig.builder(ServerConfig.class).prefix("server").file(file).build()) {
            assertThat(h.get().port()).isEqualTo(9090);
        }
        Path unrelated = Fixtures.write(dir.resolve("other.yml"), "logging:\n  level: debug\n");
        try (ConfigHandle<ServerConfig> h = FoundationConfig.builder(ServerConfig.class).prefix("server").file(unrelated).build()) {
            assertThat(h.get().port()).isEqualTo(8080);
        }
    }

    @Test
    void invalidUtf8_reportsTheLineAndColumnOfTheBadByte() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("app:\n  databaseUrl: postgres://db/ünïcode\n  poolSize: 2".getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.write("\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("app.yml");
        Files.write(file, b.toByteArray());
        ConfigParseException e = assertThrows(ConfigParseException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(14);
        assertThat(e.getMessage()).isEqualTo(file + ":3:14: the file is not valid UTF-8: byte 0xFF at offset "
                + (b.size() - 2) + "; save it as UTF-8");
    }

    @Test
    void aBinaryFile_reportsItsFirstBadByte() throws Exception {
        Path file = dir.resolve("app.yml");
        Files.write(file, new byte[] {'a', 'p', 'p', ':', ' ', (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, 0});
        ConfigParseException e = assertThrows(ConfigParseException.class,
                () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
        assertThat(List.of(e.line(), e.column())).containsExactly(1, 6);
    }

    @Test
    void reload_ofBytesTheWatcherAlreadyRejected_returnsTheRejection_notUnchanged() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("remembered")
                .file(file).watch(true).debounce(Duration.ofMillis(20)).build()) {
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 0"));
            await().atMost(Duration.ofSeconds(20)).until(() -> h.lastError().isPresent());
            ConfigException byWatcher = h.lastError().orElseThrow();
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.error()).isSameAs(byWatcher);
            assertThat(r.violations()).extracting(Violation::key).contains("app.poolSize");
            assertThat(h.reload().status()).as("asked again: still rejected").isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(h.snapshot().version()).isEqualTo(1);
            // valid bytes again: applied, and the remembered rejection is forgotten
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 7"));
            await().atMost(Duration.ofSeconds(20)).until(() -> h.get().poolSize() == 7);
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.UNCHANGED);
        }
    }

    @Test
    void reload_ofRejectedBytes_withoutAWatcher_isRejectedEveryTime() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            Fixtures.write(file, "app: [not, a, section");
            ReloadResult first = h.reload();
            assertThat(first.status()).isEqualTo(ReloadResult.Status.REJECTED);
            ReloadResult second = h.reload();
            assertThat(second.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(second.error()).isSameAs(first.error());
            h.rollback(1); // applies version 1 again as version 2, which clears lastError()
            assertThat(h.lastError()).isEmpty();
            ReloadResult third = h.reload();
            assertThat(third.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(h.lastError()).containsSame(first.error());
        }
    }

    @Test
    void editsWithoutPause_areStillReloaded_afterTheMaximumWait() throws Exception {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        // debounce 200 ms: a burst of edits waits at most 2 s; the writer never pauses 200 ms
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("endless")
                .file(file).watch(true).debounce(Duration.ofMillis(200)).build()) {
            List<Integer> applied = new CopyOnWriteArrayList<>();
            List<Integer> written = new CopyOnWriteArrayList<>();
            h.subscribe(c -> applied.add(c.current().value().poolSize()));
            AtomicBoolean reloadedWhileWriting = new AtomicBoolean();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int i = 0;
            while (System.nanoTime() - deadline < 0) {
                int pool = 21 + (i++ % 70);
                Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: " + pool));
                written.add(pool);
                if (!applied.isEmpty()) {
                    reloadedWhileWriting.set(true);
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // pacing the edits, one every ~10 ms
            }
            assertThat(reloadedWhileWriting).as("a reload happened while the edits went on").isTrue();
            assertThat(written).contains(applied.get(0));
        }
    }
}

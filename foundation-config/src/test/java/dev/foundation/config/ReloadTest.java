package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.foundation.config.Fixtures.AppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {

    @TempDir
    Path dir;

    private Path file;

    private ConfigHandle<AppConfig> open(FoundationConfig.Builder<AppConfig> b) {
        file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        return b.prefix("app").file(file).build();
    }

    private ConfigHandle<AppConfig> open() {
        return open(FoundationConfig.builder(AppConfig.class));
    }

    @Test
    void reload_appliesValidChange_andReportsChangedKeys() {
        try (ConfigHandle<AppConfig> h = open()) {
            List<ConfigChange<AppConfig>> seen = new CopyOnWriteArrayList<>();
            h.subscribe(seen::add);
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 30")
                    .replace("apiKey: s3cr3t", "apiKey: other"));
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.APPLIED);
            assertThat(r.changes()).extracting(KeyChange::toString)
                    .containsExactly("app.poolSize: 20 -> 30", "app.apiKey: ****** -> ******");
            assertThat(h.get().poolSize()).isEqualTo(30);
            assertThat(h.snapshot().version()).isEqualTo(2);
            assertThat(seen).singleElement().satisfies(c -> {
                assertThat(c.previous().version()).isEqualTo(1);
                assertThat(c.current().version()).isEqualTo(2);
                assertThat(c.cause()).isEqualTo(ChangeCause.RELOAD);
                assertThat(c.changes()).hasSize(2);
            });
        }
    }

    @Test
    void reload_keepsLastGoodConfig_whenNewFileIsInvalid() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConfigHandle<AppConfig> h = open(FoundationConfig.builder(AppConfig.class).meterRegistry(registry))) {
            AppConfig before = h.get();
            List<ConfigChange<AppConfig>> seen = new CopyOnWriteArrayList<>();
            h.subscribe(seen::add);
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 500"));
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.violations()).extracting(Violation::toString)
                    .containsExactly("app.poolSize=500 (app.yml:4): must be less than or equal to 100");
            assertThat(h.get()).isSameAs(before);
            assertThat(h.snapshot().version()).isEqualTo(1);
            assertThat(h.lastError()).containsSame(r.error());
            assertThat(seen).isEmpty();
            assertThat(registry.get("foundation.config.reloads").tag("outcome", "rejected").counter().count())
                    .isEqualTo(1.0);
            // fixing the file clears the error
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 21"));
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.APPLIED);
            assertThat(h.lastError()).isEmpty();
            assertThat(registry.get("foundation.config.version").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("foundation.config.reloads").tag("outcome", "applied").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void reload_isUnchanged_whenContentHashIsTheSame_orValuesAreEqual() {
        try (ConfigHandle<AppConfig> h = open()) {
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.UNCHANGED);
            Fixtures.write(file, Fixtures.VALID_YAML + "# a comment changes the bytes, not the values\n");
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.UNCHANGED);
            assertThat(h.snapshot().version()).isEqualTo(1);
        }
    }

    @Test
    void reload_keepsLastGood_whenFileIsDeleted_andRecoversWhenItReturns() throws IOException {
        try (ConfigHandle<AppConfig> h = open()) {
            Files.delete(file);
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.error()).isInstanceOf(ConfigSourceException.class).hasMessageContaining("file not found");
            assertThat(h.get().poolSize()).isEqualTo(20);
            assertThat(h.lastError()).isPresent();
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 22"));
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.APPLIED);
            assertThat(h.get().poolSize()).isEqualTo(22);
        }
    }

    @Test
    void reload_keepsLastGood_whenFileIsMalformed() {
        try (ConfigHandle<AppConfig> h = open()) {
            Fixtures.write(file, "app: [unclosed\n");
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.error()).isInstanceOf(ConfigParseException.class);
            assertThat(h.get().poolSize()).isEqualTo(20);
        }
    }

    @Test
    void restartRequiredChange_isRejected_byDefault() {
        try (ConfigHandle<AppConfig> h = open()) {
            Fixtures.write(file, Fixtures.VALID_YAML + "  server:\n    port: 9090\n");
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.violations()).singleElement().hasToString("app.server.port=9090 (app.yml:12): requires a "
                    + "restart (@RestartRequired app.server.port); was 8080, cannot change while running");
            assertThat(h.get().server().port()).isEqualTo(8080);
        }
    }

    @Test
    void restartRequiredChange_keepsCurrentValue_andAppliesTheRest_whenOptedIn() {
        try (ConfigHandle<AppConfig> h = open(FoundationConfig.builder(AppConfig.class)
                .restartRequiredPolicy(RestartRequiredPolicy.KEEP_CURRENT))) {
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 25")
                    + "  server:\n    port: 9090\n    host: example\n");
            ReloadResult r = h.reload();
            assertThat(r.status()).isEqualTo(ReloadResult.Status.APPLIED);
            assertThat(h.get().server().port()).isEqualTo(8080);
            assertThat(h.get().server().host()).isEqualTo("example");
            assertThat(h.get().poolSize()).isEqualTo(25);
            assertThat(h.snapshot().pendingRestart()).containsExactly("app.server.port");
            assertThat(r.changes()).extracting(KeyChange::key).containsExactly("app.poolSize", "app.server.host");
        }
    }

    @Test
    void rollback_reappliesEarlierSnapshot_asNewVersion_andNotifiesListeners() {
        try (ConfigHandle<AppConfig> h = open()) {
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 30"));
            h.reload();
            List<ConfigChange<AppConfig>> seen = new CopyOnWriteArrayList<>();
            h.subscribe(seen::add);
            Snapshot<AppConfig> s = h.rollback(1);
            assertThat(s.version()).isEqualTo(3);
            assertThat(s.cause()).isEqualTo(ChangeCause.ROLLBACK);
            assertThat(s.rolledBackFrom()).isEqualTo(1);
            assertThat(h.get().poolSize()).isEqualTo(20);
            assertThat(seen).singleElement().satisfies(c -> assertThat(c.changes()).extracting(KeyChange::toString)
                    .containsExactly("app.poolSize: 30 -> 20"));
            assertThat(h.history()).extracting(Snapshot::version).containsExactly(1L, 2L, 3L);
            // the file did not change since the last attempt: nothing to reload
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.UNCHANGED);
            assertThat(assertThrows(IllegalArgumentException.class, () -> h.rollback(9)))
                    .hasMessage("version must be one of the history's versions 1..3 but was 9");
        }
    }

    @Test
    void history_isBounded() {
        try (ConfigHandle<AppConfig> h = open(FoundationConfig.builder(AppConfig.class).historySize(3))) {
            for (int i = 21; i <= 25; i++) {
                Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: " + i));
                assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.APPLIED);
            }
            assertThat(h.history()).extracting(Snapshot::version).containsExactly(4L, 5L, 6L);
            assertThat(h.history().get(2).values()).containsEntry("app.poolSize", "25")
                    .containsEntry("app.apiKey", Secret.MASK);
        }
    }

    @Test
    void listeners_runInRegistrationOrder_andOneThrowingDoesNotStopOthers() {
        try (ConfigHandle<AppConfig> h = open()) {
            List<String> calls = new ArrayList<>();
            h.subscribe(c -> calls.add("first:" + c.version()));
            h.subscribe(c -> {
                calls.add("second:" + c.version());
                throw new IllegalStateException("listener bug");
            });
            Subscription third = h.subscribe(c -> calls.add("third:" + c.version()));
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 30"));
            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.APPLIED);
            third.close();
            third.close();
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 31"));
            h.reload();
            assertThat(calls).containsExactly("first:2", "second:2", "third:2", "first:3", "second:3");
            assertThat(h.get().poolSize()).isEqualTo(31);
        }
    }

    @Test
    void listenerTriggeringRollback_isNotifiedAfterTheCurrentChange() {
        try (ConfigHandle<AppConfig> h = open()) {
            List<Long> versions = new CopyOnWriteArrayList<>();
            h.subscribe(c -> {
                versions.add(c.version());
                if (c.current().value().poolSize() == 99) {
                    h.rollback(1);
                }
            });
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 99"));
            h.reload();
            assertThat(versions).containsExactly(2L, 3L);
            assertThat(h.get().poolSize()).isEqualTo(20);
        }
    }

    @Test
    void snapshots_useTheInjectedClock_andMetricsTrackLastSuccess() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConfigHandle<AppConfig> h = open(FoundationConfig.builder(AppConfig.class).clock(clock)
                .meterRegistry(registry))) {
            assertThat(h.snapshot().createdAt()).isEqualTo(clock.instant());
            assertThat(registry.get("foundation.config.last.success").gauge().value())
                    .isEqualTo(clock.millis() / 1000.0);
            assertThat(registry.get("foundation.config.version").gauge().value()).isEqualTo(1.0);
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void closedHandle_refusesReload_butStillServesGet() {
        ConfigHandle<AppConfig> h = open();
        h.close();
        h.close();
        assertThat(h.get().poolSize()).isEqualTo(20);
        assertThat(assertThrows(IllegalStateException.class, h::reload)).hasMessage("config 'app' is closed");
    }
}

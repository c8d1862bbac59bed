package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.config.Fixtures.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static Set<String> configThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("foundation-config-") && n.endsWith("-" + name)).collect(Collectors.toSet());
    }

    @Test
    void watch_seesAtomicRename_andNotifiesListener() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("rename")
                .file(file).watch(true).debounce(Duration.ofMillis(20)).build()) {
            List<Long> versions = new CopyOnWriteArrayList<>();
            h.subscribe(c -> versions.add(c.version()));
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 33"));
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 33);
            await().atMost(DEADLINE).until(() -> versions.contains(2L));
        }
    }

    @Test
    void watch_seesKubernetesDataSymlinkSwap() throws IOException {
        Path v1 = Files.createDirectory(dir.resolve("..2026_11_23_10_00_00.1"));
        Files.writeString(v1.resolve("app.yml"), Fixtures.VALID_YAML);
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("app.yml"), Path.of("..data", "app.yml"));
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("k8s")
                .file(file).watch(true).debounce(Duration.ofMillis(20)).build()) {
            assertThat(h.get().poolSize()).isEqualTo(20);
            // what the kubelet does: new timestamped dir, ..data_tmp symlink to it, renamed over ..data
            Path v2 = Files.createDirectory(dir.resolve("..2026_11_23_10_05_00.2"));
            Files.writeString(v2.resolve("app.yml"), Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 44"));
            Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 44);
            assertThat(h.snapshot().origins().get("app.poolSize")).hasToString("app.yml:4");
        }
    }

    @Test
    void watch_debouncesBursts_intoFewReloads() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("burst")
                .file(file).watch(true).debounce(Duration.ofSeconds(1)).build()) {
            List<Integer> applied = new CopyOnWriteArrayList<>();
            h.subscribe(c -> applied.add(c.current().value().poolSize()));
            for (int i = 50; i <= 59; i++) {
                Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: " + i));
            }
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 59);
            // listeners hear of a change after it is visible through get(): wait for them, not for get()
            await().atMost(DEADLINE).until(() -> applied.contains(59));
            // ten writes within the debounce window: normally one reload; never one per write
            assertThat(applied).hasSizeLessThan(10).last().isEqualTo(59);
        }
    }

    @Test
    void watch_rejectsInvalidEdit_keepsLastGood_andAppliesNextValidEdit() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("invalid")
                .file(file).watch(true).debounce(Duration.ofMillis(20)).build()) {
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 0"));
            await().atMost(DEADLINE).until(() -> h.lastError().isPresent());
            assertThat(h.get().poolSize()).isEqualTo(20);
            assertThat(h.lastError().get()).isInstanceOf(ConfigValidationException.class)
                    .hasMessageContaining("app.poolSize=0 (app.yml:4): must be greater than or equal to 1");
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 5"));
            // the watcher publishes the value, then clears the error: wait for both
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 5 && h.lastError().isEmpty());
        }
    }

    @Test
    void polling_detectsChanges_withoutWatchService() throws IOException {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("poll")
                .file(file).watch(false).pollInterval(Duration.ofMillis(30)).build()) {
            assertThat(configThreads("poll")).containsExactly("foundation-config-reload-poll");
            Files.writeString(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 66"));
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 66);
        }
    }

    @Test
    void close_stopsWatchAndSchedulerThreads() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("leak").file(file)
                .watch(true).pollInterval(Duration.ofSeconds(1)).build();
        assertThat(configThreads("leak")).containsExactlyInAnyOrder("foundation-config-watch-leak",
                "foundation-config-reload-leak");
        h.close();
        assertThat(configThreads("leak")).isEmpty();
        h.close();
    }

    @Test
    void noWatchNoPoll_startsNoThread() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("quiet")
                .file(file).build()) {
            assertThat(h.get()).isNotNull();
            assertThat(configThreads("quiet")).isEmpty();
        }
    }

    @Test
    void aWatchedDirectoryRemovedAndCreatedAgain_isStillFollowed_byPolling() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("mounted"));
        Path file = Fixtures.write(sub.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").name("remount")
                .file(file).watch(true).debounce(Duration.ofMillis(20)).build()) {
            assertThat(h.get().poolSize()).isEqualTo(20);
            // a volume unmounted and mounted again: the directory goes (the watcher sees the file missing and
            // keeps the last good configuration), and later a new one comes with new content
            Files.delete(file);
            Files.delete(sub);
            await().atMost(DEADLINE).until(() -> h.lastError().isPresent());
            Files.createDirectory(sub);
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 66"));
            await().atMost(DEADLINE).until(() -> h.get().poolSize() == 66);
        }
    }
}

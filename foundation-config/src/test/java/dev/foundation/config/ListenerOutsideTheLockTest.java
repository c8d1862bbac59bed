package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.config.Fixtures.AppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener may wait for another thread that uses the handle. The showcase's status page deadlocked this way
 * in foundation-analytics: a listener took the page's lock while the page, holding it, called into the library,
 * which was waiting for the listener to return.
 */
class ListenerOutsideTheLockTest {

    @TempDir
    Path dir;

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void listener_mayWaitForAThreadThatReadsReloadsAndRollsBackTheHandle() {
        Path file = Fixtures.write(dir.resolve("app.yml"), Fixtures.VALID_YAML);
        try (ConfigHandle<AppConfig> h = FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build()) {
            List<Long> seen = new CopyOnWriteArrayList<>();
            AtomicReference<String> answered = new AtomicReference<>();
            h.subscribe(change -> {
                seen.add(change.version());
                if (change.version() != 2) {
                    return;
                }
                CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                    int poolSize = h.get().poolSize();
                    long version = h.snapshot().version();
                    int history = h.history().size();
                    ReloadResult again = h.reload();
                    Snapshot<AppConfig> rolledBack = h.rollback(1);
                    return poolSize + " at version " + version + ", history " + history + ", reload "
                            + again.status() + ", rolled back to version " + rolledBack.version();
                }, other);
                try {
                    answered.set(read.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("a thread using the handle did not answer while a listener waited for it",
                            e);
                }
            });
            Fixtures.write(file, Fixtures.VALID_YAML.replace("poolSize: 20", "poolSize: 30"));

            assertThat(h.reload().status()).isEqualTo(ReloadResult.Status.APPLIED);

            assertThat(answered.get()).isEqualTo("30 at version 2, history 2, reload UNCHANGED, rolled back to version 3");
            assertThat(seen).containsExactly(2L, 3L); // the rollback's change after the reload's, on this thread
            assertThat(h.get().poolSize()).isEqualTo(20);
        }
    }
}

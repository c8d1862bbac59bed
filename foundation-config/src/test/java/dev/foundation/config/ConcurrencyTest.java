package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer rewrites the file quickly with valid and invalid content while readers call get(); every snapshot a
 * reader sees is valid and internally consistent (never a mix of two versions), and listeners see versions in
 * increasing order.
 */
class ConcurrencyTest {

    /** Valid when size is 1..1000; a consistent snapshot has half == size / 2 and label == "v" + size. */
    record Pool(@Min(1) @Max(1000) int size, int half, String label) {
    }

    @TempDir
    Path dir;

    private static String content(int size, boolean valid) {
        int s = valid ? size : 5000 + size;
        return "pool:\n  size: " + s + "\n  half: " + s / 2 + "\n  label: v" + s + "\n";
    }

    @Test
    void readersOnlySeeValidConsistentSnapshots_andListenersSeeIncreasingVersions() throws Exception {
        Path file = Fixtures.write(dir.resolve("pool.yml"), content(1, true));
        try (ConfigHandle<Pool> h = FoundationConfig.builder(Pool.class).prefix("pool").name("race").file(file)
                .watch(true).debounce(Duration.ZERO).build()) {
            ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
            AtomicReference<String> listenerProblem = new AtomicReference<>();
            AtomicLong lastSeen = new AtomicLong(1);
            h.subscribe(c -> {
                versions.add(c.version());
                if (c.version() <= lastSeen.getAndSet(c.version())) {
                    listenerProblem.compareAndSet(null, "version " + c.version() + " after " + lastSeen.get());
                }
            });
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> readerProblem = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            int readers = 3;
            CountDownLatch done = new CountDownLatch(readers);
            for (int r = 0; r < readers; r++) {
                Thread t = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            Pool p = h.get();
                            if (p.size() < 1 || p.size() > 1000 || p.half() != p.size() / 2
                                    || !p.label().equals("v" + p.size())) {
                                readerProblem.compareAndSet(null, "saw " + p);
                            }
                            reads.incrementAndGet();
                        }
                    } finally {
                        done.countDown();
                    }
                }, "reader-" + r);
                t.start();
            }
            int writes = 300;
            for (int i = 2; i <= writes; i++) {
                Fixtures.write(file, content(i, i % 3 != 0));
                if (i % 10 == 0) {
                    h.reload(); // on-demand reloads race with the watcher's
                }
            }
            Fixtures.write(file, content(999, true));
            await().atMost(Duration.ofSeconds(30)).until(() -> h.get().size() == 999);
            // listeners hear of a change after get() shows it, possibly on another thread: wait for them too
            long last = h.snapshot().version();
            await().atMost(Duration.ofSeconds(30)).until(() -> versions.contains(last));
            stop.set(true);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(readerProblem.get()).isNull();
            assertThat(listenerProblem.get()).isNull();
            assertThat(reads.get()).isPositive();
            List<Long> seen = List.copyOf(versions);
            assertThat(seen).isSorted().doesNotHaveDuplicates().isNotEmpty();
            assertThat(seen.get(seen.size() - 1)).isEqualTo(h.snapshot().version());
        }
    }
}

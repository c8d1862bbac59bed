package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the application chains on a record's stage may wait for another thread that uses the trail, even when
 * the stage is completed by the thread appending for everyone (flat combining). The showcase's status page
 * deadlocked this way in foundation-analytics: application code ran under the library's lock and waited for a
 * thread that needed that lock.
 */
class CompletionOutsideTheLockTest {

    @TempDir
    Path dir;

    private final ExecutorService holder = Executors.newSingleThreadExecutor();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        for (ExecutorService e : new ExecutorService[] {holder, other}) {
            e.shutdownNow();
            assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A clock that, once armed, holds the next thread that reads it (inside the trail's append lock). */
    static final class GateClock extends Clock {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Thread armed;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            if (armed == Thread.currentThread()) {
                armed = null;
                holding.countDown();
                try {
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Instant.parse("2026-12-01T00:00:00Z");
        }
    }

    @Test
    void recordCallback_mayWaitForAThreadThatUsesTheTrail_whenAnotherThreadAppendedTheRecord() throws Exception {
        GateClock clock = new GateClock();
        try (AuditTrail trail = AuditTrail.builder(dir).keyring(TestKeys.keyring()).segmentSize(4096).clock(clock)
                .build()) {
            // a thread takes the append lock (for a checkpoint) and is held there by the clock
            CompletableFuture<ChainHead> held = CompletableFuture.supplyAsync(() -> {
                clock.armed = Thread.currentThread();
                return trail.checkpoint().toCompletableFuture().join();
            }, holder);
            assertThat(clock.holding.await(10, TimeUnit.SECONDS)).isTrue();
            // meanwhile a record too large for a segment is queued: the holder appends it, and it is refused
            AtomicReference<String> answered = new AtomicReference<>();
            CompletableFuture<String> told = trail.record("alice", "upload", "files/1", Outcome.SUCCESS,
                    Map.of("blob", "x".repeat(5000))).toCompletableFuture().handle((r, error) -> {
                        CompletableFuture<String> use = CompletableFuture.supplyAsync(() -> {
                            ChainHead head = trail.checkpoint().toCompletableFuture().join();
                            return head.sequence() + " after " + error.getClass().getSimpleName();
                        }, other);
                        try {
                            answered.set(use.get(10, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            throw new AssertionError("a thread using the trail did not answer while a record's callback"
                                    + " waited for it", e);
                        }
                        return answered.get();
                    });
            clock.release.countDown();

            assertThat(held.get(30, TimeUnit.SECONDS).sequence()).isZero();
            assertThat(told.get(30, TimeUnit.SECONDS)).isEqualTo("1 after IllegalArgumentException");
            assertThat(trail.verify().intact()).isTrue();
        }
    }
}

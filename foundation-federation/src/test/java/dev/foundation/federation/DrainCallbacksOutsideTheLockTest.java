package dev.foundation.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the application chains on a drain's future may wait for another thread that uses the pool. The showcase's
 * status page deadlocked this way in foundation-analytics: application code ran under the library's lock and
 * waited for a thread that needed that lock.
 */
class DrainCallbacksOutsideTheLockTest {

    private final Federation<String> federation = Federation.<String>builder("d").strategy(Strategy.roundRobin())
            .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")).build();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        federation.close();
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void drainCallback_mayWaitForAThreadThatUsesThePool_whenResumeCancelsTheDrain() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = federation.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicReference<String> answered = new AtomicReference<>();
        CompletableFuture<Void> drained = federation.drainPool("a");
        drained.whenComplete((v, error) -> {
            CompletableFuture<String> use = CompletableFuture.supplyAsync(() -> {
                PoolState before = federation.pool("a").orElseThrow().state();
                CompletableFuture<Void> again = federation.drainPool("a");
                federation.resumePool("a");
                return before + ", " + federation.health().status() + ", drained again: "
                        + again.isCompletedExceptionally();
            }, other);
            try {
                answered.set(use.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("a thread using the pool did not answer while a drain callback waited for it",
                        e);
            }
        });

        federation.resumePool("a"); // cancels the drain: the callback runs on this thread

        assertThat(drained.handle((v, e) -> e).get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(answered.get()).isEqualTo("ACTIVE, HEALTHY, drained again: true");
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(federation.pool("a").orElseThrow().state()).isEqualTo(PoolState.ACTIVE);
    }
}

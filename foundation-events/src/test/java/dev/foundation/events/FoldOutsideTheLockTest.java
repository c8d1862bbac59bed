package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection's fold may wait for another thread that reads the projection, even while a rebuild waits for that
 * fold to end. The showcase's status page deadlocked this way in foundation-analytics: application code ran
 * while the library held a lock, and waited for a thread that needed that lock.
 */
class FoldOutsideTheLockTest {

    private final EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        streams.close();
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fold_mayWaitForAThreadThatReadsTheProjection_whileARebuildWaitsForTheFold() throws Exception {
        EventStream<String> letters = streams.create("letters", StreamSpec.of(String.class).partitions(1));
        CountDownLatch inFold = new CountDownLatch(1);
        CompletableFuture<String> read = new CompletableFuture<>();
        AtomicBoolean waitedOnce = new AtomicBoolean();
        AtomicReference<String> answered = new AtomicReference<>();
        Projection<String> word = letters.projection("word", "", (s, letter) -> {
            if (waitedOnce.compareAndSet(false, true)) {
                inFold.countDown();
                try {
                    answered.set(read.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("a thread reading the projection did not answer while the fold waited"
                            + " for it", e);
                }
            }
            return s + letter;
        });
        letters.publish("a").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(inFold.await(10, TimeUnit.SECONDS)).isTrue();

        Thread rebuilder = new Thread(word::rebuild, "rebuilder");
        rebuilder.start();
        // the rebuild waits (a second at most, then interrupts) for the fold in progress to end
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                .until(() -> rebuilder.getState() == Thread.State.TIMED_WAITING);
        other.execute(() -> {
            try {
                read.complete(word.awaitCaughtUp(Duration.ZERO) + ", '" + word.state() + "', " + word.offsets());
            } catch (InterruptedException e) {
                read.completeExceptionally(e);
            }
        });
        rebuilder.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(rebuilder.isAlive()).isFalse();
        assertThat(answered.get()).isEqualTo("false, '', [0]"); // the stopped fold had not committed "a"
        assertThat(word.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(word.state()).isEqualTo("a"); // folded again from the initial state
    }

    @Test
    void snapshotDecode_mayWaitForAThreadThatUsesTheStream(@TempDir Path dir) throws Exception {
        StreamSpec<String> spec = StreamSpec.of(String.class).partitions(1).persistence(Persistence.disk(dir));
        try (EventStreams first = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            EventStream<String> letters = first.create("letters", spec);
            Projection<String> word = letters.projection("word", "", String::concat, Codecs.utf8());
            letters.publish("a").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(word.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        }
        EventStream<String> letters = streams.create("letters", spec);
        AtomicReference<String> subscribed = new AtomicReference<>();
        Codec<String> waiting = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                return Codecs.utf8().encode(value);
            }

            @Override
            public String decode(byte[] bytes) {
                // the application's codec waits for another thread that subscribes to the same stream
                Future<String> f = other.submit(() -> letters.subscribe("audit", SubscriberSpec.<String>builder()
                        .handler(batch -> { }).build()).name());
                try {
                    subscribed.set(f.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("a thread using the stream did not get through while the snapshot was"
                            + " decoded", e);
                }
                return Codecs.utf8().decode(bytes);
            }

            @Override
            public String name() {
                return "waiting-utf8";
            }
        };
        Projection<String> word = letters.projection("word", "", String::concat, waiting);
        assertThat(subscribed.get()).isEqualTo("audit");
        assertThat(word.state()).isEqualTo("a"); // from the snapshot, not folded again
    }
}

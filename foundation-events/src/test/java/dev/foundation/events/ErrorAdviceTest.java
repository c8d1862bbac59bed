package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages name public API only, and what they advise works: each test follows the advice. */
class ErrorAdviceTest {

    @TempDir
    Path dir;

    private StreamSpec<String> spec(int partitions, boolean repair) {
        return StreamSpec.of(String.class).partitions(partitions)
                .persistence(Persistence.disk(dir).repairCorruption(repair));
    }

    private static void garble(Path file) throws Exception {
        Files.write(file, "not what was written".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> readAll(EventStream<String> s, String subscription) throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription sub = s.subscribe(subscription, SubscriberSpec.<String>builder()
                .startFrom(StartPosition.EARLIEST).handler(b -> b.forEach(e -> got.add(e.value()))).build());
        assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        sub.cancel();
        return got;
    }

    @Test
    void corruptStreamMeta_advisesRepairCorruption_whichRewritesItAndKeepsTheEvents() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("orders", spec(3, false));
            for (int i = 0; i < 6; i++) {
                s.publish("e" + i).toCompletableFuture().join();
            }
        }
        garble(dir.resolve("orders").resolve("stream.meta"));
        try (EventStreams streams = EventStreams.builder().build()) {
            assertThatThrownBy(() -> streams.create("orders", spec(3, false)))
                    .isInstanceOf(CorruptedLogException.class)
                    .hasMessageContaining("stream 'orders'")
                    .hasMessageContaining("stream.meta")
                    .hasMessageContaining("Persistence.repairCorruption(true)")
                    .hasMessageNotContaining("LogConfig").hasMessageNotContaining("internal");
        }
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("orders", spec(3, true));
            assertThat(readAll(s, "check")).containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4", "e5");
        }
        try (EventStreams streams = EventStreams.builder().build()) { // repaired for good
            assertThat(streams.create("orders", spec(3, false)).stats().endOffsets()).containsExactly(2L, 2L, 2L);
        }
    }

    @Test
    void corruptStreamMeta_withAnotherPartitionCount_advisesTheCountOnDisk_whichWorks() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            streams.create("orders", spec(3, false)).publish("e").toCompletableFuture().join();
        }
        garble(dir.resolve("orders").resolve("stream.meta"));
        try (EventStreams streams = EventStreams.builder().build()) {
            assertThatThrownBy(() -> streams.create("orders", spec(5, true)))
                    .isInstanceOf(CorruptedLogException.class)
                    .hasMessageContaining("partitions(3)")
                    .hasMessageContaining("Persistence.repairCorruption(true)");
            assertThat(streams.create("orders", spec(3, true)).stats().endOffsets()).containsExactly(1L, 0L, 0L);
        }
    }

    @Test
    void corruptCommittedOffset_advisesDeletingTheSubscriptionsDirectory_whichRestartsIt() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("orders", spec(1, false));
            for (int i = 0; i < 3; i++) {
                s.publish("e" + i).toCompletableFuture().join();
                readAll(s, "billing"); // a commit per round: the offset file and its previous copy
            }
        }
        Path subDir = dir.resolve("orders").resolve("_subscriptions").resolve("billing");
        try (Stream<Path> files = Files.list(subDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                garble(f);
            }
        }
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("orders", spec(1, false));
            assertThatThrownBy(() -> s.subscribe("billing", SubscriberSpec.<String>of(b -> { })))
                    .isInstanceOf(CorruptedLogException.class)
                    .hasMessageContaining("subscription 'billing'")
                    .hasMessageContaining("Delete " + subDir)
                    .hasMessageNotContaining("LogConfig");
            try (Stream<Path> files = Files.list(subDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(subDir);
            assertThat(readAll(s, "billing")).containsExactly("e0", "e1", "e2");
        }
    }

    @Test
    void aSecondOwner_isToldToCloseTheStream_andCanOpenItOnceClosed() {
        try (EventStreams first = EventStreams.builder().build();
             EventStreams second = EventStreams.builder().build()) {
            EventStream<String> s = first.create("orders", spec(1, false));
            assertThatThrownBy(() -> second.create("orders", spec(1, false)))
                    .isInstanceOf(StreamLockedException.class)
                    .hasMessageContaining("EventStream.close")
                    .hasMessageNotContaining("log or stop");
            s.close();
            assertThat(second.create("orders", spec(1, false)).isClosed()).isFalse();
        }
    }

    @Test
    void segmentSizeErrors_namePersistenceSegmentSize_notTheInternalConfiguration() {
        assertThatThrownBy(() -> Persistence.disk(dir).segmentSize(3L << 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segmentSize must be between 4096 and 2147483647 but was " + (3L << 30));
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("orders", StreamSpec.of(String.class)
                    .persistence(Persistence.disk(dir).segmentSize(4096)));
            assertThatThrownBy(() -> s.publish("x".repeat(5000)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("raise Persistence.segmentSize")
                    .hasMessageNotContaining("segmentBytes").hasMessageNotContaining("LogConfig");
        }
    }
}

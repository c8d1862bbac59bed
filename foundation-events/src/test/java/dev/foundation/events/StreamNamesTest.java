package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream, subscription and projection names are one safe path segment under their parent directory. */
class StreamNamesTest {

    @TempDir
    Path root;

    private Path data() throws IOException {
        return Files.createDirectories(root.resolve("parent").resolve("data"));
    }

    private static EventStreams registry() {
        return EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build();
    }

    /** Every path under {@code root}, relative to it. */
    static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Set<String> out = new TreeSet<>();
            s.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p).toString()));
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/..", "../x", "./x", "a/b", "a\\b", "x\u0000y", "", "é", "a b",
            "/abs", "..\\..", "a/../..", "\u202e.."})
    void create_rejectsANameThatIsNotOneSafePathSegment_andWritesNothing(String name) throws IOException {
        Path data = data();
        try (EventStreams streams = registry()) {
            assertThatThrownBy(() -> streams.create(name, StreamSpec.of(String.class)
                    .persistence(Persistence.disk(data))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stream name")
                    .hasMessageContaining("not '.' or '..'");
            assertThatThrownBy(() -> streams.create(name, StreamSpec.of(String.class)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(tree(root)).containsExactlyInAnyOrder("parent", "parent/data");
    }

    @Test
    void create_rejectsAName_longerThan200() throws IOException {
        Path data = data();
        try (EventStreams streams = registry()) {
            assertThatThrownBy(() -> streams.create("a".repeat(201), StreamSpec.of(String.class)
                    .persistence(Persistence.disk(data))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 200");
        }
        assertThat(tree(root)).containsExactlyInAnyOrder("parent", "parent/data");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a/..", "../x", "x/y", "x\u0000"})
    void subscribeAndProjection_rejectAnUnsafeName_andWriteNothingOutsideTheStream(String name) throws Exception {
        Path data = data();
        try (EventStreams streams = registry()) {
            EventStream<String> s = streams.create("s", StreamSpec.of(String.class)
                    .persistence(Persistence.disk(data)));
            Set<String> before = tree(root);
            assertThatThrownBy(() -> s.subscribe(name, SubscriberSpec.<String>of(batch -> { })))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subscription name");
            assertThatThrownBy(() -> s.projection(name, 0L, (n, v) -> n + 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("projection name");
            assertThat(tree(root)).isEqualTo(before);
        }
    }

    @Test
    void namesMadeOfDots_otherThanDotAndDotDot_areOrdinaryDirectories() throws Exception {
        Path data = data();
        try (EventStreams streams = registry()) {
            EventStream<String> s = streams.create("...", StreamSpec.of(String.class)
                    .persistence(Persistence.disk(data)));
            s.publish("x").toCompletableFuture().join();
            Subscription sub = s.subscribe(".a", SubscriberSpec.<String>builder()
                    .startFrom(StartPosition.EARLIEST).handler(batch -> { }).build());
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
            Projection<Long> count = s.projection("..b", 0L, (n, v) -> n + 1);
            assertThat(count.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(Files.isRegularFile(data.resolve("...").resolve("stream.meta"))).isTrue();
        assertThat(Files.isRegularFile(data.resolve("...").resolve("_subscriptions").resolve(".a")
                .resolve("0.offset"))).isTrue();
        assertThat(Files.isRegularFile(data.resolve("...").resolve("_projections").resolve("..b.snapshot")))
                .isTrue();
        for (String p : tree(root)) {
            assertThat(List.of("parent", "parent/data").contains(p) || p.startsWith("parent/data/.../")
                    || p.equals("parent/data/...") || p.startsWith("parent/data/....dead-letter"))
                    .as(p).isTrue();
        }
    }
}

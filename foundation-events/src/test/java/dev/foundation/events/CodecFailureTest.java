package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A codec that throws (or returns null) makes {@code publish} fail with {@link CodecException}, storing nothing. */
class CodecFailureTest {

    @TempDir
    Path dir;

    /** Encodes strings as UTF-8, except "boom" (throws), "null" (returns null) and "codec" (CodecException). */
    static final class Picky implements Codec<String> {
        static final CodecException OWN = new CodecException("picky", "refused", null);

        @Override
        public byte[] encode(String value) {
            switch (value) {
                case "boom":
                    throw new IllegalStateException("cannot encode boom");
                case "null":
                    return null;
                case "codec":
                    throw OWN;
                default:
                    return value.getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public String decode(byte[] bytes) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (s.equals("undecodable")) {
                throw new IllegalArgumentException("cannot decode that");
            }
            return s;
        }

        @Override
        public String name() {
            return "picky";
        }
    }

    @Test
    void durablePublish_withAThrowingCodec_failsWithCodecException_andStoresNothing() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("s", StreamSpec.of(String.class).codec(new Picky())
                    .persistence(Persistence.disk(dir)));
            assertThatThrownBy(() -> s.publish("boom"))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining("codec 'picky'")
                    .hasMessageContaining("stream 's'")
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .extracting(e -> ((CodecException) e).codecName()).isEqualTo("picky");
            assertThatThrownBy(() -> s.publish("null"))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining("returned null");
            assertThatThrownBy(() -> s.publish("codec")).isSameAs(Picky.OWN);
            assertThat(s.stats().endOffsets()).containsExactly(0L);

            assertThat(s.publish("fine").toCompletableFuture().join().offset()).isZero();
            s.publish("undecodable").toCompletableFuture().join();
            s.publish("fine again").toCompletableFuture().join();
            List<String> got = new CopyOnWriteArrayList<>();
            Subscription sub = s.subscribe("reader", SubscriberSpec.<String>builder()
                    .startFrom(StartPosition.EARLIEST).handler(b -> b.forEach(e -> got.add(e.value()))).build());
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            // an event the codec cannot decode is skipped and counted; the partition goes on
            assertThat(got).containsExactly("fine", "fine again");
            assertThat(sub.stats().dropped()).isEqualTo(1);
            assertThat(sub.failure()).isEmpty();
        }
    }

    @Test
    void memoryPublish_neverCallsTheCodec() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("s", StreamSpec.of(String.class).codec(new Picky()));
            List<String> got = new CopyOnWriteArrayList<>();
            Subscription sub = s.subscribe("reader", SubscriberSpec.<String>of(b -> b.forEach(e -> got.add(e.value()))));
            s.publish("boom").toCompletableFuture().join();
            s.publish("null").toCompletableFuture().join();
            assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(got).containsExactly("boom", "null");
        }
    }
}

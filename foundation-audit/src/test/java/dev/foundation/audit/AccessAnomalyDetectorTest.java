package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.testing.MutableClock;
import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.PublisherSpec;
import dev.foundation.events.StreamSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class AccessAnomalyDetectorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));

    private AccessAnomalyDetector.Builder builder() {
        return AccessAnomalyDetector.builder().clock(clock).window(Duration.ofMinutes(1)).threshold(3).minSamples(5)
                .minRequests(10).smoothing(0.3);
    }

    /** Requests in the current window, then moves to the next. */
    private static List<AccessAnomaly> window(AccessAnomalyDetector d, MutableClock clock, String actor,
                                              int requests, int denials) {
        List<AccessAnomaly> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.addAll(d.observe(actor, i >= denials));
        }
        clock.advance(Duration.ofMinutes(1));
        out.addAll(d.flush());
        return out;
    }

    @Test
    void requestRateJump_isFlaggedOnlyAfterMinSamples() {
        AccessAnomalyDetector d = builder().build();
        // a burst in the very first windows is not flagged: no baseline yet
        assertThat(window(d, clock, "alice", 100, 0)).isEmpty();
        for (int i = 0; i < 8; i++) {
            assertThat(window(d, clock, "alice", 10, 0)).isEmpty();
        }
        List<AccessAnomaly> flags = window(d, clock, "alice", 200, 0);
        assertThat(flags).hasSize(1);
        AccessAnomaly a = flags.get(0);
        assertThat(a.kind()).isEqualTo(AccessAnomaly.Kind.REQUEST_RATE);
        assertThat(a.observed()).isEqualTo(200);
        assertThat(a.baseline()).isBetween(10.0, 40.0);
        // a sustained burst keeps being flagged (anomalous windows do not raise the baseline)
        assertThat(window(d, clock, "alice", 200, 0)).hasSize(1);
        // other actors are independent
        assertThat(window(d, clock, "bob", 200, 0)).isEmpty();
    }

    @Test
    void denialRateJump_isFlagged_smallCountsAreNot() {
        AccessAnomalyDetector d = builder().build();
        for (int i = 0; i < 6; i++) {
            assertThat(window(d, clock, "mallory", 20, 1)).isEmpty();
        }
        List<AccessAnomaly> flags = window(d, clock, "mallory", 20, 15);
        assertThat(flags).extracting(AccessAnomaly::kind).containsExactly(AccessAnomaly.Kind.DENIAL_RATE);
        assertThat(flags.get(0).observed()).isEqualTo(0.75);
        // 3 requests after 1 a window is a tripling but below minRequests
        AccessAnomalyDetector quiet = builder().build();
        for (int i = 0; i < 6; i++) {
            window(quiet, clock, "carol", 1, 0);
        }
        assertThat(window(quiet, clock, "carol", 5, 0)).isEmpty();
    }

    @Test
    void anomalies_arePublishedToAStream() throws Exception {
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<AccessAnomaly> stream = streams.create("anomalies", StreamSpec.of(AccessAnomaly.class));
            List<AccessAnomaly> seen = new CopyOnWriteArrayList<>();
            stream.asPublisher(PublisherSpec.LIVE).subscribe(new Flow.Subscriber<Event<AccessAnomaly>>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Event<AccessAnomaly> item) {
                    seen.add(item.value());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
            AccessAnomalyDetector d = builder().publishTo(stream).build();
            for (int i = 0; i < 6; i++) {
                window(d, clock, "alice", 10, 0);
            }
            window(d, clock, "alice", 100, 0);
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 1);
            assertThat(seen.get(0).actor()).isEqualTo("alice");
        }
    }

    @Test
    void badArguments_areRejected() {
        assertThatThrownBy(() -> AccessAnomalyDetector.builder().threshold(1))
                .hasMessage("threshold must be > 1 but was 1.0");
        assertThatThrownBy(() -> AccessAnomalyDetector.builder().smoothing(0))
                .hasMessage("smoothing must be in (0, 1] but was 0.0");
        assertThatThrownBy(() -> AccessAnomalyDetector.builder().minSamples(0))
                .hasMessage("minSamples must be >= 1 but was 0");
    }
}

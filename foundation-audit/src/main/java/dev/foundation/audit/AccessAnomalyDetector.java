package dev.foundation.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foundation.events.EventStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags actors whose request rate or denial rate jumps. Each actor's requests are counted in fixed windows
 * ({@link Builder#window(Duration)}); when a window closes, its request count and denial share are compared with
 * the actor's exponentially weighted moving averages (EWMA, weight {@link Builder#smoothing(double)} for the
 * newest window) of the windows before. Once an actor has {@link Builder#minSamples(int)} windows of history, a
 * window is anomalous when its request count exceeds {@code threshold × baseline} and
 * {@link Builder#minRequests(int)}, or its denial share exceeds {@code threshold × baseline} and
 * {@link Builder#minDenialRate(double)}. Anomalous windows are not folded into the baseline, so a sustained
 * attack keeps being flagged. Windows without requests count as zero. Flags go to an
 * {@link EventStream}{@code <}{@link AccessAnomaly}{@code >} and/or a listener.
 *
 * <pre>{@code
 * AccessAnomalyDetector detector = AccessAnomalyDetector.builder()
 *     .window(Duration.ofMinutes(1)).threshold(3.0).minSamples(10)
 *     .publishTo(anomalies)            // an EventStream<AccessAnomaly>
 *     .build();
 * detector.observe("alice", decision.allowed());
 * }</pre>
 *
 * <p>Per-actor state lives in a Caffeine cache bounded by {@link Builder#maxActors(long)}. Windows close when the
 * actor's next request arrives or on {@link #flush()} (call it on a schedule to catch actors that went quiet).
 * Thread-safe.
 */
public final class AccessAnomalyDetector {

    private static final Logger LOG = LoggerFactory.getLogger(AccessAnomalyDetector.class);
    /** Gaps longer than this many windows are folded in one step. */
    private static final int MAX_GAP_STEPS = 1000;

    private final long windowNanos;
    private final double alpha;
    private final double threshold;
    private final int minSamples;
    private final int minRequests;
    private final double minDenialRate;
    private final Clock clock;
    private final EventStream<AccessAnomaly> stream;
    private final Consumer<AccessAnomaly> listener;
    private final Cache<String, ActorState> actors;
    private final Counter flagged;

    /** One actor's baselines and current window. */
    private static final class ActorState {
        long windowIndex = Long.MIN_VALUE;
        long requests;
        long denials;
        double ewmaRequests;
        double ewmaDenialRate;
        long samples;
    }

    /**
     * The registry meters go to: the application's, or without one an empty composite registry, whose meters do
     * nothing (Micrometer's no-op idiom), so no code checks for a missing registry.
     */
    static MeterRegistry registry(MeterRegistry given) {
        return given != null ? given : new CompositeMeterRegistry();
    }

    private AccessAnomalyDetector(Builder b) {
        this.windowNanos = b.window.toNanos();
        this.alpha = b.alpha;
        this.threshold = b.threshold;
        this.minSamples = b.minSamples;
        this.minRequests = b.minRequests;
        this.minDenialRate = b.minDenialRate;
        this.clock = b.clock;
        this.stream = b.stream;
        this.listener = b.listener;
        this.actors = Caffeine.newBuilder().maximumSize(b.maxActors).build();
        this.flagged = Counter.builder("foundation.audit.anomalies")
                .description("access anomalies flagged").register(registry(b.registry));
    }

    /**
     * A new builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Counts one request of an actor, closing its previous window (and flagging it) if the clock moved past it.
     *
     * @param actor   the actor
     * @param allowed whether the request was allowed ({@code false}: denied or rate-limited)
     * @return the anomalies flagged by windows this call closed (usually none)
     */
    public List<AccessAnomaly> observe(String actor, boolean allowed) {
        Objects.requireNonNull(actor, "actor");
        long window = windowIndex(clock.instant());
        ActorState s = actors.get(actor, a -> new ActorState());
        List<AccessAnomaly> out = new ArrayList<>();
        synchronized (s) {
            roll(actor, s, window, out);
            s.requests++;
            if (!allowed) {
                s.denials++;
            }
        }
        emit(out);
        return out;
    }

    /**
     * Closes every window the clock has moved past, flagging what is anomalous.
     *
     * @return the anomalies flagged
     */
    public List<AccessAnomaly> flush() {
        long window = windowIndex(clock.instant());
        List<AccessAnomaly> out = new ArrayList<>();
        actors.asMap().forEach((actor, s) -> {
            synchronized (s) {
                roll(actor, s, window, out);
            }
        });
        emit(out);
        return out;
    }

    private long windowIndex(Instant t) {
        long nanos;
        try {
            nanos = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            nanos = t.getEpochSecond() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
        return Math.floorDiv(nanos, windowNanos);
    }

    /** Closes the state's window if {@code window} is later, then any empty windows in between. */
    private void roll(String actor, ActorState s, long window, List<AccessAnomaly> out) {
        if (s.windowIndex == Long.MIN_VALUE) {
            s.windowIndex = window;
            return;
        }
        if (window <= s.windowIndex) {
            return;
        }
        close(actor, s, s.requests, s.denials, out);
        long gaps = window - s.windowIndex - 1;
        for (long i = 0; i < Math.min(gaps, MAX_GAP_STEPS); i++) {
            close(actor, s, 0, 0, out);
        }
        s.windowIndex = window;
        s.requests = 0;
        s.denials = 0;
    }

    private void close(String actor, ActorState s, long requests, long denials, List<AccessAnomaly> out) {
        double rate = requests;
        double denialRate = requests == 0 ? 0 : (double) denials / requests;
        boolean anomalous = false;
        if (s.samples >= minSamples) {
            Instant start = Instant.ofEpochSecond(0, 0).plusNanos(s.windowIndex * windowNanos);
            if (requests >= minRequests && rate > threshold * s.ewmaRequests) {
                out.add(new AccessAnomaly(actor, AccessAnomaly.Kind.REQUEST_RATE, start, rate, s.ewmaRequests,
                        s.samples));
                anomalous = true;
            }
            if (requests > 0 && denialRate >= minDenialRate && denialRate > threshold * s.ewmaDenialRate) {
                out.add(new AccessAnomaly(actor, AccessAnomaly.Kind.DENIAL_RATE, start, denialRate,
                        s.ewmaDenialRate, s.samples));
                anomalous = true;
            }
        }
        if (anomalous) {
            return;
        }
        if (s.samples == 0) {
            s.ewmaRequests = rate;
            s.ewmaDenialRate = denialRate;
        } else {
            s.ewmaRequests = alpha * rate + (1 - alpha) * s.ewmaRequests;
            if (requests > 0) {
                s.ewmaDenialRate = alpha * denialRate + (1 - alpha) * s.ewmaDenialRate;
            }
        }
        s.samples++;
    }

    private void emit(List<AccessAnomaly> anomalies) {
        for (AccessAnomaly a : anomalies) {
            flagged.increment();
            LOG.info("access anomaly: actor '{}' {} {} against a baseline of {} ({} windows)", a.actor(), a.kind(),
                    a.observed(), a.baseline(), a.samples());
            if (stream != null) {
                try {
                    stream.publish(a);
                } catch (RuntimeException e) {
                    LOG.warn("access anomaly of '{}' could not be published to stream '{}'", a.actor(), stream.name(), e);
                }
            }
            if (listener != null) {
                listener.accept(a);
            }
        }
    }

    /** Builds an {@link AccessAnomalyDetector}. */
    public static final class Builder {
        private Duration window = Duration.ofMinutes(1);
        private double alpha = 0.3;
        private double threshold = 3.0;
        private int minSamples = 5;
        private int minRequests = 10;
        private double minDenialRate = 0.2;
        private long maxActors = 100_000;
        private Clock clock = Clock.systemUTC();
        private EventStream<AccessAnomaly> stream;
        private Consumer<AccessAnomaly> listener;
        private MeterRegistry registry;

        private Builder() {
        }

        /**
         * The window length (default 1 minute).
         *
         * @param window {@code >= 1 ms}
         * @return this builder
         */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.toMillis() < 1) {
                throw new IllegalArgumentException("window must be >= 1 ms but was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * The EWMA weight of the newest window (default 0.3).
         *
         * @param alpha in {@code (0, 1]}
         * @return this builder
         */
        public Builder smoothing(double alpha) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("smoothing must be in (0, 1] but was " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /**
         * How many times its baseline a rate must reach to be anomalous (default 3.0).
         *
         * @param factor {@code > 1}
         * @return this builder
         */
        public Builder threshold(double factor) {
            if (!(factor > 1)) {
                throw new IllegalArgumentException("threshold must be > 1 but was " + factor);
            }
            this.threshold = factor;
            return this;
        }

        /**
         * How many windows of history an actor needs before it can be flagged (default 5).
         *
         * @param windows {@code >= 1}
         * @return this builder
         */
        public Builder minSamples(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("minSamples must be >= 1 but was " + windows);
            }
            this.minSamples = windows;
            return this;
        }

        /**
         * The fewest requests in a window for a request-rate flag (default 10), so 1 to 4 requests is no jump.
         *
         * @param requests {@code >= 1}
         * @return this builder
         */
        public Builder minRequests(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("minRequests must be >= 1 but was " + requests);
            }
            this.minRequests = requests;
            return this;
        }

        /**
         * The lowest denial share for a denial-rate flag (default 0.2).
         *
         * @param rate in {@code (0, 1]}
         * @return this builder
         */
        public Builder minDenialRate(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("minDenialRate must be in (0, 1] but was " + rate);
            }
            this.minDenialRate = rate;
            return this;
        }

        /**
         * The most actors tracked at once (default 100 000; least recently seen beyond it are forgotten).
         *
         * @param max {@code >= 1}
         * @return this builder
         */
        public Builder maxActors(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxActors must be >= 1 but was " + max);
            }
            this.maxActors = max;
            return this;
        }

        /**
         * The clock (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Publishes each anomaly to a stream.
         *
         * @param stream the stream
         * @return this builder
         */
        public Builder publishTo(EventStream<AccessAnomaly> stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
            return this;
        }

        /**
         * Calls a listener with each anomaly (on the observing thread).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Consumer<AccessAnomaly> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Counts anomalies as {@code foundation.audit.anomalies} (default: no metrics).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the detector.
         *
         * @return the detector
         */
        public AccessAnomalyDetector build() {
            return new AccessAnomalyDetector(this);
        }
    }
}

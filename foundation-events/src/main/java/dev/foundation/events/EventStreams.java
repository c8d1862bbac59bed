package dev.foundation.events;

import dev.foundation.events.internal.EventStreamsImpl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of named event streams: the entry point of foundation-events.
 *
 * <pre>{@code
 * try (EventStreams streams = EventStreams.builder().meterRegistry(registry).build()) {
 *     EventStream<Order> orders = streams.create("orders", StreamSpec.of(Order.class)
 *         .partitions(8).partitionBy(Order::customerId)
 *         .bufferSize(8192).overflow(Overflow.BLOCK));
 *     orders.publish(order);
 * }
 * }</pre>
 */
public interface EventStreams extends AutoCloseable {

    /**
     * A new builder.
     *
     * @return a builder with the defaults (no metrics, system clock, 10 s drain timeout)
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a stream, or returns the existing one if a stream of that name was created with the same spec
     * (see {@link StreamSpec#sameAs(StreamSpec)}). A durable stream recovers its log from disk. Its
     * dead-letter stream {@code <name>.dead-letter} is created with it.
     *
     * @param name the name: letters, digits, {@code . _ -}, 1 to 200 characters, not {@code .} or {@code ..} (a
     *             durable stream uses it as the name of its directory)
     * @param spec the spec
     * @param <T>  the value type
     * @return the stream
     * @throws IllegalArgumentException if the name is invalid or taken by a stream with another spec
     * @throws IllegalStateException    if the registry is closed
     * @throws EventStorageException    if a durable stream's directory cannot be opened
     */
    <T> EventStream<T> create(String name, StreamSpec<T> spec);

    /**
     * Finds a stream by name.
     *
     * @param name the name
     * @param type the value type it was created with
     * @param <T>  the value type
     * @return the stream, or empty
     * @throws IllegalArgumentException if the stream exists with another value type
     */
    <T> Optional<EventStream<T>> find(String name, Class<T> type);

    /**
     * The names of the open streams, dead-letter streams included.
     *
     * @return the names
     */
    Set<String> names();

    /**
     * Closes every stream (see {@link EventStream#close(Duration)}) with the drain timeout, then the shared
     * threads. Idempotent.
     */
    @Override
    void close();

    /** Builds an {@link EventStreams} registry. */
    final class Builder {
        /** The meter registry, or null. */
        private MeterRegistry meterRegistry;
        /** The clock. */
        private Clock clock = Clock.systemUTC();
        /** The drain timeout. */
        private Duration drainTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * Where to register meters (default: none).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The clock that timestamps events and drives retention by age (default UTC system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long {@link #close()} lets subscribers deliver what is buffered.
         *
         * @param timeout the timeout, {@code >= 0}
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must be >= 0 but was " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return a new registry
         */
        public EventStreams build() {
            return new EventStreamsImpl(Optional.ofNullable(meterRegistry), clock, drainTimeout);
        }
    }
}

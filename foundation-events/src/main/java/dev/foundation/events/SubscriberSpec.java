package dev.foundation.events;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a subscription consumes a stream: an optional filter, batching, the handler, where to start, how many
 * partitions to process in parallel, and how to retry. Built with {@link #builder()}; immutable.
 *
 * <pre>{@code
 * SubscriberSpec<Order> spec = SubscriberSpec.<Order>builder()
 *     .filter(o -> o.total() > 100)
 *     .batch(100, Duration.ofSeconds(1))
 *     .handler(batch -> billing.charge(batch))
 *     .build();
 * }</pre>
 *
 * @param <T> the event value type
 */
public final class SubscriberSpec<T> {

    /** Default batch size: one event per handler call. */
    public static final int DEFAULT_BATCH_SIZE = 1;
    /** Default batch timeout: deliver what is there at once. */
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ZERO;
    /** Default concurrency: one thread processes every partition. */
    public static final int DEFAULT_CONCURRENCY = 1;

    /** The filter. */
    private final Predicate<? super T> filter;
    /** The largest batch. */
    private final int maxBatchSize;
    /** The longest a partial batch waits. */
    private final Duration batchTimeout;
    /** The handler. */
    private final BatchHandler<T> handler;
    /** Where to start. */
    private final StartPosition startFrom;
    /** Partitions processed in parallel. */
    private final int concurrency;
    /** Retries. */
    private final RetryPolicy retry;

    private SubscriberSpec(Builder<T> b) {
        this.filter = b.filter;
        this.maxBatchSize = b.maxBatchSize;
        this.batchTimeout = b.batchTimeout;
        this.handler = b.handler;
        this.startFrom = b.startFrom;
        this.concurrency = b.concurrency;
        this.retry = b.retry;
    }

    /**
     * A new builder.
     *
     * @param <T> the event value type
     * @return a builder with the defaults
     */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * Shorthand for a spec with only a handler and the defaults.
     *
     * @param handler the handler
     * @param <T>     the event value type
     * @return the spec
     */
    public static <T> SubscriberSpec<T> of(BatchHandler<T> handler) {
        return SubscriberSpec.<T>builder().handler(handler).build();
    }

    /**
     * The filter, applied before batching; events it rejects are skipped (and counted).
     *
     * @return the filter
     */
    public Predicate<? super T> filter() {
        return filter;
    }

    /**
     * The largest batch a handler receives.
     *
     * @return the batch size
     */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * The longest a partial batch waits for more events before it is delivered (a timer drives it).
     *
     * @return the timeout; zero delivers whatever is available at once
     */
    public Duration batchTimeout() {
        return batchTimeout;
    }

    /**
     * The handler.
     *
     * @return the handler
     */
    public BatchHandler<T> handler() {
        return handler;
    }

    /**
     * Where a new subscription starts.
     *
     * @return the start position
     */
    public StartPosition startFrom() {
        return startFrom;
    }

    /**
     * How many threads process partitions in parallel (each partition stays on one thread, in order).
     *
     * @return the concurrency
     */
    public int concurrency() {
        return concurrency;
    }

    /**
     * The retry policy for a failing handler.
     *
     * @return the policy
     */
    public RetryPolicy retry() {
        return retry;
    }

    /**
     * Builds a {@link SubscriberSpec}; every setter checks its argument at once.
     *
     * @param <T> the event value type
     */
    public static final class Builder<T> {
        /** The filter. */
        private Predicate<? super T> filter = v -> true;
        /** The batch size. */
        private int maxBatchSize = DEFAULT_BATCH_SIZE;
        /** The batch timeout. */
        private Duration batchTimeout = DEFAULT_BATCH_TIMEOUT;
        /** The handler. */
        private BatchHandler<T> handler;
        /** The start. */
        private StartPosition startFrom = StartPosition.LATEST;
        /** The concurrency. */
        private int concurrency = DEFAULT_CONCURRENCY;
        /** The retry policy. */
        private RetryPolicy retry = RetryPolicy.DEFAULT;

        private Builder() {
        }

        /**
         * Only events whose value matches are delivered; applied before batching.
         *
         * @param filter the predicate
         * @return this builder
         */
        public Builder<T> filter(Predicate<? super T> filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * Delivers batches of up to {@code maxSize} events of one partition, or whatever arrived once the
         * first event of a partial batch has waited {@code timeout}.
         *
         * @param maxSize the batch size, {@code >= 1}
         * @param timeout the longest wait, {@code >= 0}
         * @return this builder
         */
        public Builder<T> batch(int maxSize, Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (maxSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be > 0 but was " + maxSize);
            }
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("batchTimeout must be >= 0 but was " + timeout);
            }
            this.maxBatchSize = maxSize;
            this.batchTimeout = timeout;
            return this;
        }

        /**
         * The handler (required).
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder<T> handler(BatchHandler<T> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Where a new subscription starts (default {@link StartPosition#LATEST}).
         *
         * @param start the position
         * @return this builder
         */
        public Builder<T> startFrom(StartPosition start) {
            this.startFrom = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * How many threads process partitions in parallel (default 1; more than the partition count is
         * capped at it).
         *
         * @param threads the concurrency, {@code >= 1}
         * @return this builder
         */
        public Builder<T> concurrency(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("concurrency must be > 0 but was " + threads);
            }
            this.concurrency = threads;
            return this;
        }

        /**
         * The retry policy (default {@link RetryPolicy#DEFAULT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder<T> retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws IllegalStateException if no handler was set
         */
        public SubscriberSpec<T> build() {
            if (handler == null) {
                throw new IllegalStateException("a SubscriberSpec needs a handler: call handler(...) before build()");
            }
            return new SubscriberSpec<>(this);
        }
    }
}

package dev.foundation.events;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a stream is: its value type and codec, partitions and key, buffer and overflow strategy, and where
 * its events live ({@link Persistence}). Immutable: every setter returns a new spec.
 *
 * <pre>{@code
 * StreamSpec.of(Order.class)
 *     .partitions(8).partitionBy(Order::customerId)
 *     .bufferSize(8192).overflow(Overflow.BLOCK)
 * }</pre>
 *
 * <p>The same spec with {@code .persistence(Persistence.disk(dir))} gives a durable stream with the same API.
 *
 * @param <T> the event value type
 */
public final class StreamSpec<T> {

    /** Default partition count. */
    public static final int DEFAULT_PARTITIONS = 1;
    /** Default buffer size per partition. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;
    /** Default time a {@link Overflow#BLOCK} publisher waits. */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(30);

    /** The value type. */
    private final Class<T> type;
    /** The codec. */
    private final Codec<T> codec;
    /** The partitions. */
    private final int partitions;
    /** The key function or null. */
    private final Function<? super T, ?> keyFunction;
    /** The buffer per partition. */
    private final int bufferSize;
    /** The overflow strategy. */
    private final Overflow overflow;
    /** The block timeout. */
    private final Duration blockTimeout;
    /** The persistence. */
    private final Persistence persistence;

    private StreamSpec(Class<T> type, Codec<T> codec, int partitions, Function<? super T, ?> keyFunction,
                       int bufferSize, Overflow overflow, Duration blockTimeout, Persistence persistence) {
        this.type = type;
        this.codec = codec;
        this.partitions = partitions;
        this.keyFunction = keyFunction;
        this.bufferSize = bufferSize;
        this.overflow = overflow;
        this.blockTimeout = blockTimeout;
        this.persistence = persistence;
    }

    /**
     * A spec for values of {@code type}, with JSON as codec and the defaults: one partition, round-robin, a
     * buffer of {@value #DEFAULT_BUFFER_SIZE}, {@link Overflow#BLOCK}, in memory.
     *
     * @param type the value type
     * @param <T>  the value type
     * @return the spec
     */
    public static <T> StreamSpec<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new StreamSpec<>(type, null, DEFAULT_PARTITIONS, null, DEFAULT_BUFFER_SIZE, Overflow.BLOCK,
                DEFAULT_BLOCK_TIMEOUT, Persistence.memory());
    }

    /**
     * The codec that turns values into bytes for a durable stream (default {@code Codecs.json(type)}).
     *
     * @param codec the codec
     * @return a copy with the codec
     */
    public StreamSpec<T> codec(Codec<T> codec) {
        return new StreamSpec<>(type, Objects.requireNonNull(codec, "codec"), partitions, keyFunction, bufferSize,
                overflow, blockTimeout, persistence);
    }

    /**
     * The number of partitions.
     *
     * @param count the count, {@code 1..4096}
     * @return a copy with the count
     */
    public StreamSpec<T> partitions(int count) {
        if (count < 1 || count > 4096) {
            throw new IllegalArgumentException("partitions must be in 1..4096 but was " + count);
        }
        return new StreamSpec<>(type, codec, count, keyFunction, bufferSize, overflow, blockTimeout, persistence);
    }

    /**
     * The key of an event: events with equal keys ({@code String.valueOf(key)}) go to the same partition, in
     * publish order, by a hash that is stable across processes and JVM versions. Without a key function
     * events are spread round-robin. A {@code null} key is treated as no key.
     *
     * @param keyFunction the key function
     * @return a copy with the key function
     */
    public StreamSpec<T> partitionBy(Function<? super T, ?> keyFunction) {
        return new StreamSpec<>(type, codec, partitions, Objects.requireNonNull(keyFunction, "keyFunction"),
                bufferSize, overflow, blockTimeout, persistence);
    }

    /**
     * The capacity of each partition's in-memory buffer, in events: how far the slowest subscriber may fall
     * behind before the overflow strategy applies, and how many events a memory stream retains for
     * {@link StartPosition#EARLIEST}. Durable streams use it for their Flow subscribers' prefetch only.
     *
     * @param events the capacity, {@code 1..2^24}
     * @return a copy with the size
     */
    public StreamSpec<T> bufferSize(int events) {
        if (events < 1 || events > (1 << 24)) {
            throw new IllegalArgumentException("bufferSize must be in 1..16777216 but was " + events);
        }
        return new StreamSpec<>(type, codec, partitions, keyFunction, events, overflow, blockTimeout, persistence);
    }

    /**
     * What a publish into a full buffer does (memory streams).
     *
     * @param strategy the strategy
     * @return a copy with the strategy
     */
    public StreamSpec<T> overflow(Overflow strategy) {
        return new StreamSpec<>(type, codec, partitions, keyFunction, bufferSize,
                Objects.requireNonNull(strategy, "strategy"), blockTimeout, persistence);
    }

    /**
     * How long a {@link Overflow#BLOCK} publisher waits for space before {@link BackpressureException}.
     *
     * @param timeout the timeout, {@code >= 0}
     * @return a copy with the timeout
     */
    public StreamSpec<T> blockTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("blockTimeout must be >= 0 but was " + timeout);
        }
        return new StreamSpec<>(type, codec, partitions, keyFunction, bufferSize, overflow, timeout, persistence);
    }

    /**
     * Where the events live (default {@link Persistence#memory()}).
     *
     * @param persistence the persistence
     * @return a copy with the persistence
     */
    public StreamSpec<T> persistence(Persistence persistence) {
        return new StreamSpec<>(type, codec, partitions, keyFunction, bufferSize, overflow, blockTimeout,
                Objects.requireNonNull(persistence, "persistence"));
    }

    /**
     * The value type.
     *
     * @return the type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * The codec: the one given, or {@code Codecs.json(type)}.
     *
     * @return the codec
     */
    public Codec<T> codec() {
        return codec != null ? codec : Codecs.json(type);
    }

    /**
     * The partition count.
     *
     * @return the count
     */
    public int partitions() {
        return partitions;
    }

    /**
     * The key function.
     *
     * @return the function, or {@code null} for round-robin
     */
    public Function<? super T, ?> keyFunction() {
        return keyFunction;
    }

    /**
     * The buffer size per partition.
     *
     * @return events
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * The overflow strategy.
     *
     * @return the strategy
     */
    public Overflow overflow() {
        return overflow;
    }

    /**
     * The {@link Overflow#BLOCK} timeout.
     *
     * @return the timeout
     */
    public Duration blockTimeout() {
        return blockTimeout;
    }

    /**
     * The persistence.
     *
     * @return the persistence
     */
    public Persistence persistence() {
        return persistence;
    }

    /**
     * Whether two specs describe the same stream: same type, partitions, keyed or not, buffer, overflow,
     * block timeout and persistence (functions and codecs are compared by presence only, as lambdas have no
     * useful equality).
     *
     * @param other the other spec
     * @return {@code true} if compatible
     */
    public boolean sameAs(StreamSpec<?> other) {
        return type.equals(other.type) && partitions == other.partitions
                && (keyFunction == null) == (other.keyFunction == null) && bufferSize == other.bufferSize
                && overflow == other.overflow && blockTimeout.equals(other.blockTimeout)
                && persistence.equals(other.persistence);
    }

    @Override
    public String toString() {
        return "StreamSpec[type=" + type.getName() + ", partitions=" + partitions + ", keyed=" + (keyFunction != null)
                + ", bufferSize=" + bufferSize + ", overflow=" + overflow + ", blockTimeout=" + blockTimeout
                + ", persistence=" + persistence + "]";
    }
}

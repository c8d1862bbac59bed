package dev.foundation.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Foundation's JSON codec against the hand-written Jackson calls an application would otherwise make
 * ({@code ObjectMapper.writeValueAsBytes} / {@code readValue}) with the same mapper configuration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JsonCodecBenchmark {

    /** A typical event payload. */
    public record Order(String id, String customer, long totalCents, Instant placedAt, List<String> skus) {}

    private Codec<Order> codec;
    private ObjectMapper mapper;
    private Order order;
    private byte[] bytes;

    /** Builds the codec, the baseline mapper and the payload. */
    @Setup
    public void setUp() {
        codec = Codecs.json(Order.class);
        mapper = Codecs.defaultObjectMapper();
        order = new Order("o-123456", "customer-42", 129_900, Instant.parse("2026-11-23T10:15:30Z"),
                List.of("sku-1", "sku-2", "sku-3"));
        bytes = codec.encode(order);
    }

    /**
     * Foundation: encode.
     *
     * @return the bytes
     */
    @Benchmark
    public byte[] foundation_encode() {
        return codec.encode(order);
    }

    /**
     * Baseline: {@code mapper.writeValueAsBytes}.
     *
     * @return the bytes
     * @throws IOException never in practice
     */
    @Benchmark
    public byte[] jackson_encode() throws IOException {
        return mapper.writeValueAsBytes(order);
    }

    /**
     * Foundation: decode.
     *
     * @return the order
     */
    @Benchmark
    public Order foundation_decode() {
        return codec.decode(bytes);
    }

    /**
     * Baseline: {@code mapper.readValue}.
     *
     * @return the order
     * @throws IOException never in practice
     */
    @Benchmark
    public Order jackson_decode() throws IOException {
        return mapper.readValue(bytes, Order.class);
    }
}

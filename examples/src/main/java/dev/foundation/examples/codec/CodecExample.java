package dev.foundation.examples.codec;

import dev.foundation.core.Backoff;
import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.core.Codecs;
import dev.foundation.examples.Example;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Encodes a record to JSON bytes and back, and shows what corrupt bytes give. */
public final class CodecExample implements Example {

    /** An order, as an application would model it. */
    public record Order(String id, String customer, long totalCents, Instant placedAt, List<String> skus) {}

    @Override
    public String name() {
        return "codec";
    }

    @Override
    public String description() {
        return "foundation-core: a record to JSON bytes and back; corrupt bytes give a CodecException";
    }

    @Override
    public void run(String[] args) {
        // snippet:codec
        Codec<Order> codec = Codecs.json(Order.class);
        Order order = new Order("o-1", "c-42", 4_200, Instant.parse("2026-11-23T10:00:00Z"), List.of("sku-1", "sku-2"));
        byte[] bytes = codec.encode(order);
        Order back = codec.decode(bytes);            // equal to order
        try {
            codec.decode("{\"id\":\"o-1\",\"totalCents\":".getBytes(StandardCharsets.UTF_8));
        } catch (CodecException e) {
            System.out.println("corrupt input rejected: " + e.getMessage());
        }
        // end-snippet
        System.out.println("encoded " + bytes.length + " bytes with " + codec.name() + ": "
                + new String(bytes, StandardCharsets.UTF_8));
        System.out.println("decoded back, equal to the original: " + back.equals(order));

        // snippet:backoff
        Backoff restarts = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30)).withJitter(0.2);
        Backoff polls = Backoff.fixed(Duration.ofSeconds(1));
        Duration third = restarts.delay(3);   // 400 ms +- 20 %
        // end-snippet
        System.out.println("third restart after " + third.toMillis() + " ms (" + restarts + "); polls every "
                + polls.delay(1).toMillis() + " ms");
    }
}

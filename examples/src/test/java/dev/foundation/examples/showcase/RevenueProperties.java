package dev.foundation.examples.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The revenue projection's fold: each completed order counted once, whatever the duplicates and order. */
class RevenueProperties {

    @Provide
    Arbitrary<List<OrderEvent>> events() {
        Arbitrary<OrderEvent> event = Combinators.combine(
                Arbitraries.of(OrderEvent.PLACED, OrderEvent.COMPLETED),
                Arbitraries.integers().between(1, 30),
                Arbitraries.integers().between(0, 5))
                .as((type, seq, customer) -> new OrderEvent(type, OrderEvent.orderId(seq), seq,
                        Catalogue.customer(customer), "sku-0001", 1, 100L * seq, 100L * seq, 0));
        return event.list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void eachCompletedOrderCountsOnce_whateverDuplicatesAndOrder(@ForAll("events") List<OrderEvent> events,
                                                                  @ForAll long seed) {
        List<OrderEvent> withDuplicates = new ArrayList<>(events);
        withDuplicates.addAll(events.subList(0, events.size() / 2)); // at-least-once: some published twice
        Collections.shuffle(withDuplicates, new Random(seed));
        Revenue state = Revenue.EMPTY;
        for (OrderEvent e : withDuplicates) {
            state = state.apply(e);
        }
        long expected = events.stream().filter(e -> e.type().equals(OrderEvent.COMPLETED))
                .map(OrderEvent::seq).distinct().mapToLong(seq -> 100L * seq).sum();
        assertThat(state.totalCents()).isEqualTo(expected);
        assertThat(state.byCustomer().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
        assertThat(state.orders()).hasSize((int) events.stream().filter(e -> e.type().equals(OrderEvent.COMPLETED))
                .map(OrderEvent::seq).distinct().count());
    }

    @Property(tries = 100)
    void stateSurvivesTheSnapshotCodec(@ForAll("events") List<OrderEvent> events) {
        Revenue state = Revenue.EMPTY;
        for (OrderEvent e : events) {
            state = state.apply(e);
        }
        Codec<Revenue> codec = Codecs.json(Revenue.class);
        assertThat(codec.decode(codec.encode(state))).isEqualTo(state);
    }
}

package dev.foundation.examples.showcase;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of the projection "revenue per customer", folded from the {@code COMPLETED} events of the
 * {@code orders} stream. A completion event can be published twice (the ship step is at-least-once: a crash
 * after it published and before its completion was stored runs it again), so the state remembers which
 * orders it counted and counts each once.
 *
 * @param byCustomer revenue in cents per customer
 * @param orders     the orders counted
 * @param totalCents the sum over all customers
 */
public record Revenue(Map<String, Long> byCustomer, Set<String> orders, long totalCents) {

    /** The state before any event. */
    public static final Revenue EMPTY = new Revenue(Map.of(), Set.of(), 0);

    /**
     * Copies the collections.
     *
     * @param byCustomer revenue per customer
     * @param orders     counted orders
     * @param totalCents the total
     */
    public Revenue {
        byCustomer = Collections.unmodifiableMap(new TreeMap<>(byCustomer));
        orders = Collections.unmodifiableSet(new HashSet<>(orders));
    }

    /**
     * Folds one event: a completion not counted yet adds its total; anything else leaves the state as it is.
     *
     * @param event the event
     * @return the next state
     */
    Revenue apply(OrderEvent event) {
        if (!OrderEvent.COMPLETED.equals(event.type()) || orders.contains(event.orderId())) {
            return this;
        }
        Map<String, Long> customers = new TreeMap<>(byCustomer);
        customers.merge(event.customer(), event.totalCents(), Long::sum);
        Set<String> counted = new HashSet<>(orders);
        counted.add(event.orderId());
        return new Revenue(customers, counted, totalCents + event.totalCents());
    }

    /**
     * The customers with the highest revenue.
     *
     * @param n how many
     * @return up to {@code n} entries, highest first
     */
    List<Map.Entry<String, Long>> top(int n) {
        return byCustomer.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}

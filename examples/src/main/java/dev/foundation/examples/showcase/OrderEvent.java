package dev.foundation.examples.showcase;

import java.util.Objects;

/**
 * An event of the durable {@code orders} stream, partitioned by customer: an order was placed (it starts the
 * fulfilment workflow) or completed (it feeds the revenue projection).
 *
 * @param type       {@link #PLACED} or {@link #COMPLETED}
 * @param orderId    the order, {@code o-000001} ...
 * @param seq        the order's sequence number, from 1
 * @param customer   the customer, the partition key
 * @param sku        the product
 * @param quantity   how many
 * @param unitCents  the unit price when the order was placed (read through the catalogue cache)
 * @param totalCents quantity times unit price
 * @param placedAtMillis when the order was placed, epoch milliseconds
 */
public record OrderEvent(String type, String orderId, int seq, String customer, String sku, int quantity,
                         long unitCents, long totalCents, long placedAtMillis) {

    /** An order was placed. */
    public static final String PLACED = "PLACED";
    /** An order was shipped and its payment kept. */
    public static final String COMPLETED = "COMPLETED";

    /**
     * Checks the components.
     *
     * @param type       the type
     * @param orderId    the order
     * @param seq        the sequence number
     * @param customer   the customer
     * @param sku        the product
     * @param quantity   the quantity
     * @param unitCents  the unit price
     * @param totalCents the total
     * @param placedAtMillis the placement time
     */
    public OrderEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(sku, "sku");
    }

    /**
     * The id of the order with this sequence number.
     *
     * @param seq the sequence number
     * @return the id
     */
    static String orderId(int seq) {
        return String.format("o-%06d", seq);
    }

    /**
     * The completion event of this placed order.
     *
     * @return a {@link #COMPLETED} event
     */
    OrderEvent completed() {
        return new OrderEvent(COMPLETED, orderId, seq, customer, sku, quantity, unitCents, totalCents, placedAtMillis);
    }

    boolean isPlaced() {
        return PLACED.equals(type);
    }
}

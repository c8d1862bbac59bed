package dev.foundation.examples.showcase;

/**
 * The output of the charge step, stored by the workflow engine and read by its compensation (the refund).
 *
 * @param chargeKey   the charge step's idempotency key (the payment's key in the shop database)
 * @param amountCents the amount charged
 */
public record Payment(String chargeKey, long amountCents) {
}

package dev.foundation.examples.showcase;

import dev.foundation.config.Default;
import dev.foundation.config.Description;
import dev.foundation.config.RestartRequired;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The showcase's settings, bound under the prefix {@code showcase} from {@code <data-dir>/showcase.yml} and
 * watched: an edit is applied while the application runs, or rejected with its violations.
 *
 * @param catalogue        the product catalogue and its prices
 * @param limits           order limits, stock and the order rate
 * @param payment          the simulated payment gateway
 * @param shipping         the simulated carrier
 * @param progressInterval how often a progress line is printed
 * @param reconcileInterval how often the leader reconciles inventory and payments
 */
@Description("Settings of the order-processing showcase.")
public record ShowcaseConfig(
        @NotNull @Valid Catalogue catalogue,
        @NotNull @Valid Limits limits,
        @NotNull @Valid Payment payment,
        @NotNull @Valid Shipping shipping,
        @Default("1s") @DurationMin(millis = 100) @DurationMax(minutes = 1)
        @Description("How often a progress line is printed.") Duration progressInterval,
        @Default("2s") @DurationMin(millis = 100) @DurationMax(minutes = 10) @RestartRequired
        @Description("How often the leader reconciles stock and payments.") Duration reconcileInterval) {

    /**
     * The product catalogue.
     *
     * @param products       how many products (SKUs {@code sku-0000} ...) the catalogue has
     * @param basePriceCents the price of a product without an entry in {@code prices}
     * @param prices         price overrides by SKU, in cents
     */
    public record Catalogue(
            @Default("400") @Min(1) @Max(100_000) @RestartRequired
            @Description("Number of products in the catalogue.") int products,
            @Default("1500") @Min(1) @Max(10_000_000) @Description("Price in cents of products without an override.")
            int basePriceCents,
            @Description("Price overrides by SKU, in cents.") Map<String, @NotNull @Min(1) @Max(10_000_000) Integer> prices) {
    }

    /**
     * Order limits and stock.
     *
     * @param ordersPerSecond  how fast the order generator places orders
     * @param maxQuantity      the largest quantity of one order line
     * @param maxOrderCents    orders above this total are rejected by the reservation step
     * @param stockPerProduct  the initial stock of each product
     * @param maxBacklog       the most orders placed but not finished (no workflow yet, or one still running)
     *                         the generator lets exist: at this many it waits for capacity
     */
    public record Limits(
            @Default("150") @Min(1) @Max(10_000) @Description("Orders placed per second.") int ordersPerSecond,
            @Default("4") @Min(1) @Max(100) @Description("Largest quantity of an order.") int maxQuantity,
            @Default("5000000") @Min(1) @Description("Orders above this total (cents) are refused.") long maxOrderCents,
            @Default("100000") @Min(0) @RestartRequired @Description("Initial stock of each product.")
            int stockPerProduct,
            @Default("300") @Min(1) @Max(1_000_000)
            @Description("Orders placed but not finished at most: the generator waits for capacity beyond.")
            int maxBacklog) {
    }

    /**
     * The simulated payment gateway.
     *
     * @param failureRate the share of calls that time out (transient, retried)
     * @param maxAttempts attempts of the charge step before the order is compensated
     */
    public record Payment(
            @Default("0.2") @DecimalMin("0.0") @DecimalMax("0.95")
            @Description("Share of payment calls that fail transiently.") double failureRate,
            @Default("6") @Min(1) @Max(20) @RestartRequired
            @Description("Attempts of the charge step.") int maxAttempts) {
    }

    /**
     * The simulated carrier.
     *
     * @param failureRate the share of shipments the carrier refuses (permanent: the order is compensated)
     */
    public record Shipping(
            @Default("0.05") @DecimalMin("0.0") @DecimalMax("1.0")
            @Description("Share of shipments refused by the carrier (compensated).") double failureRate) {
    }
}

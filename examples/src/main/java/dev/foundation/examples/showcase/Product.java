package dev.foundation.examples.showcase;

/**
 * A catalogue entry, as cached in the tiered cache.
 *
 * @param sku        the SKU
 * @param name       the name (from the shop database)
 * @param priceCents the price (from the settings: {@code catalogue.prices} or {@code catalogue.basePriceCents})
 */
public record Product(String sku, String name, long priceCents) {
}

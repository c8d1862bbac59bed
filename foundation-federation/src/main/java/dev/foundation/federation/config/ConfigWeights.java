package dev.foundation.federation.config;

import dev.foundation.config.ConfigHandle;
import dev.foundation.config.Subscription;
import dev.foundation.federation.Federation;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot weights: applies the pool weights a configuration holds to a federation now and after every reload.
 *
 * <pre>{@code
 * record Routing(Map<String, Integer> weights) {}
 * ConfigHandle<Routing> routing = FoundationConfig.builder(Routing.class).prefix("routing").file(file)
 *         .watch(true).build();
 * Subscription hot = ConfigWeights.bind(federation, routing, Routing::weights);
 * }</pre>
 *
 * The configuration names only the pools whose weight it sets; other pools keep theirs. A reload whose weights
 * the federation refuses (an unknown pool, a weight out of range) changes no weight and is logged as a warning:
 * the configuration has already been swapped by then, so the federation keeps its previous weights until a
 * later reload fixes them.
 */
public final class ConfigWeights {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWeights.class);

    private ConfigWeights() {
    }

    /**
     * Applies the weights of the handle's current configuration, then those of every later version.
     *
     * @param federation the federation whose weights follow the configuration
     * @param handle     the configuration
     * @param weights    reads the pool-name-to-weight map from a configuration value ({@code null} or empty: no
     *                   change)
     * @param <T>        the configuration type
     * @return the subscription; close it to stop following the configuration
     * @throws IllegalArgumentException if the current configuration's weights are refused (see
     *                                  {@link Federation#applyWeights})
     */
    public static <T> Subscription bind(Federation<?> federation, ConfigHandle<T> handle,
                                        Function<? super T, ? extends Map<String, Integer>> weights) {
        Objects.requireNonNull(federation, "federation");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(weights, "weights");
        apply(federation, weights.apply(handle.get()));
        return handle.subscribe(change -> {
            Map<String, Integer> previous = weights.apply(change.previous().value());
            Map<String, Integer> next = weights.apply(change.current().value());
            if (Objects.equals(previous, next)) {
                return;
            }
            try {
                apply(federation, next);
            } catch (IllegalArgumentException e) {
                LOG.warn("federation '{}': weights of configuration version {} refused, keeping the previous ones: {}",
                        federation.name(), change.version(), e.getMessage());
            }
        });
    }

    private static void apply(Federation<?> federation, Map<String, Integer> weights) {
        if (weights != null && !weights.isEmpty()) {
            federation.applyWeights(weights);
        }
    }
}

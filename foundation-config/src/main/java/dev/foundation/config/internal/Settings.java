package dev.foundation.config.internal;

import dev.foundation.config.RestartRequiredPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the builder collected.
 *
 * @param type             the record class
 * @param name             name for messages, metrics and threads
 * @param prefix           key prefix
 * @param files            files, lowest precedence first
 * @param env              environment or null
 * @param sys              system properties or null
 * @param overrides        overrides by full key
 * @param watch            use the watch service
 * @param pollInterval     polling interval or null
 * @param debounce         debounce delay
 * @param historySize      snapshots kept
 * @param limits           parsing limits
 * @param registry         meter registry or null
 * @param clock            clock for snapshot times
 * @param validatorFactory validator factory or null for the default
 * @param restartPolicy    what to do with restart-only changes
 * @param <T>              the record type
 */
public record Settings<T>(Class<T> type, String name, String prefix, List<Sources.FileSpec> files,
        Supplier<Map<String, String>> env, Supplier<Map<String, String>> sys, Map<String, Object> overrides,
        boolean watch, Duration pollInterval, Duration debounce, int historySize, Limits limits,
        MeterRegistry registry, Clock clock, ValidatorFactory validatorFactory, RestartRequiredPolicy restartPolicy) {
}

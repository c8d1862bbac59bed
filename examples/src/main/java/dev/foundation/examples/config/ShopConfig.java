package dev.foundation.examples.config;

import dev.foundation.config.Default;
import dev.foundation.config.DependsOn;
import dev.foundation.config.Description;
import dev.foundation.config.RestartRequired;
import dev.foundation.config.Secret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;

// snippet:config-record
/**
 * The example shop's configuration, bound under the prefix {@code shop}.
 *
 * @param databaseUrl the database
 * @param poolSize    connections in the pool
 * @param cacheEnabled whether to cache catalogue lookups
 * @param cacheTtl    how long cached entries live (only when the cache is enabled)
 * @param apiKey      the payment provider's key (masked everywhere)
 * @param endpoints   downstream services
 * @param port        the HTTP port (read once at start)
 */
@Description("Configuration of the example shop service.")
public record ShopConfig(
        @NotBlank @Pattern(regexp = "^postgres://.*") @Description("PostgreSQL URL.") String databaseUrl,
        @Min(1) @Max(100) @Default("10") @Description("Connections in the pool.") int poolSize,
        @Default("true") boolean cacheEnabled,
        @DependsOn("cacheEnabled") @DurationMin(seconds = 1) @Default("30s") Duration cacheTtl,
        @NotNull Secret apiKey,
        List<@Valid Endpoint> endpoints,
        @RestartRequired @Min(1) @Max(65535) @Default("8080") int port) {

    /**
     * A downstream service.
     *
     * @param name    its name
     * @param url     where it listens
     * @param timeout how long to wait for it
     */
    public record Endpoint(@NotBlank String name, @NotNull URI url, @Default("2s") Duration timeout) {
    }
}
// end-snippet

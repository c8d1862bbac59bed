/**
 * Typed, validated configuration with all-or-nothing hot reload.
 *
 * <p>An application describes its configuration as Java records annotated with Jakarta Validation
 * constraints, and builds a {@link dev.foundation.config.ConfigHandle} with
 * {@link dev.foundation.config.FoundationConfig#builder(Class)}:
 *
 * <pre>{@code
 * ConfigHandle<AppConfig> cfg = FoundationConfig.builder(AppConfig.class)
 *     .prefix("app").file(Path.of("app.yml")).environment().systemProperties()
 *     .watch(true).build();       // throws ConfigValidationException with every violation
 * AppConfig now = cfg.get();      // immutable, fully valid
 * cfg.subscribe(change -> log.info("config v{}: {}", change.version(), change.changes()));
 * }</pre>
 *
 * <h2>Sources</h2>
 * Lowest precedence first: {@link dev.foundation.config.Default} annotations, files in the order given
 * (YAML, JSON, {@code .properties}), environment variables ({@code APP_POOL_SIZE -> app.poolSize}), system
 * properties, programmatic overrides. Every key remembers its {@link dev.foundation.config.Origin}.
 *
 * <h2>Validation</h2>
 * Binding errors, unknown keys (with "did you mean"), Jakarta constraints (including {@code @Valid} cascades and
 * class-level constraints) and {@link dev.foundation.config.DependsOn} rules are collected into one
 * {@link dev.foundation.config.ConfigValidationException}; each {@link dev.foundation.config.Violation} says
 * {@code app.poolSize=500 (app.yml:4): must be less than or equal to 100}.
 *
 * <h2>Reload</h2>
 * A reload (file change, poll or {@link dev.foundation.config.ConfigHandle#reload()}) builds a complete new
 * snapshot and swaps it in only if it is valid; otherwise the last good snapshot stays and
 * {@link dev.foundation.config.ConfigHandle#lastError()} says why. Listeners run after the swap, in
 * registration order. {@link dev.foundation.config.ConfigHandle#rollback(long)} re-applies a snapshot from the
 * bounded history.
 *
 * <h2>Modules</h2>
 * Hibernate Validator and this module read configuration records by reflection: an application with a
 * {@code module-info} must open the package of its configuration records, e.g.
 * {@code opens com.example.config to dev.foundation.config, org.hibernate.validator;}.
 */
package dev.foundation.config;

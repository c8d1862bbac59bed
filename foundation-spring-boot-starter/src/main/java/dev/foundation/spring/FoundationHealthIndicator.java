package dev.foundation.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.Lifecycle;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Spring Boot's view of a Foundation {@link Lifecycle}'s health (contributor name {@code foundation} in
 * {@code /actuator/health}). It reads the lifecycle's cached {@link HealthReport}, so it never runs a check itself.
 *
 * <p>Mapping: {@link HealthStatus#HEALTHY} is {@link Status#UP}; {@link HealthStatus#DEGRADED} is also
 * {@link Status#UP} (a degraded Foundation component still serves traffic) with detail
 * {@code foundation.status=DEGRADED}; {@link HealthStatus#UNHEALTHY} is {@link Status#DOWN}. Before the lifecycle
 * has started the status is {@link Status#UNKNOWN}, and once its shutdown began {@link Status#OUT_OF_SERVICE}.
 * Each component is a detail: its stage, status, detail, last error and restarts.
 */
public final class FoundationHealthIndicator implements HealthIndicator {

    private final Lifecycle lifecycle;

    /**
     * Creates the indicator.
     *
     * @param lifecycle the lifecycle to report
     */
    public FoundationHealthIndicator(Lifecycle lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    @Override
    public Health health() {
        HealthReport report = lifecycle.health();
        Health.Builder builder;
        if (report.shuttingDown()) {
            builder = Health.outOfService();
        } else if (!report.started()) {
            builder = Health.unknown();
        } else {
            builder = report.status() == HealthStatus.UNHEALTHY ? Health.down() : Health.up();
        }
        builder.withDetail("foundation.status", report.status().name())
                .withDetail("live", report.live())
                .withDetail("ready", report.ready());
        for (ComponentHealth component : report.components()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("stage", component.stage().name());
            detail.put("status", component.status().name());
            detail.put("critical", component.critical());
            if (component.detail() != null) {
                detail.put("detail", component.detail());
            }
            if (component.lastError() != null) {
                detail.put("lastError", component.lastError());
            }
            detail.put("restarts", component.restarts());
            builder.withDetail(component.name(), detail);
        }
        return builder.build();
    }
}

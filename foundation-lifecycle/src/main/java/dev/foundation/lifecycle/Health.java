package dev.foundation.lifecycle;

import java.util.Objects;

/**
 * The result of one health check: a status, an optional human-readable detail and an optional error.
 *
 * @param status the status
 * @param detail what the check saw, or {@code null}
 * @param error  the failure behind an unhealthy result, or {@code null}
 */
public record Health(HealthStatus status, String detail, Throwable error) {

    private static final Health HEALTHY = new Health(HealthStatus.HEALTHY, null, null);

    /**
     * Creates a result.
     *
     * @param status the status, not null
     * @param detail what the check saw, or {@code null}
     * @param error  the failure behind the result, or {@code null}
     */
    public Health {
        Objects.requireNonNull(status, "status");
    }

    /**
     * A healthy result.
     *
     * @return a healthy result without detail
     */
    public static Health healthy() {
        return HEALTHY;
    }

    /**
     * A healthy result with a detail.
     *
     * @param detail what the check saw
     * @return the result
     */
    public static Health healthy(String detail) {
        return new Health(HealthStatus.HEALTHY, detail, null);
    }

    /**
     * A degraded result: the component works with reduced quality.
     *
     * @param detail what is degraded
     * @return the result
     */
    public static Health degraded(String detail) {
        return new Health(HealthStatus.DEGRADED, Objects.requireNonNull(detail, "detail"), null);
    }

    /**
     * An unhealthy result.
     *
     * @param detail what is wrong
     * @return the result
     */
    public static Health unhealthy(String detail) {
        return new Health(HealthStatus.UNHEALTHY, Objects.requireNonNull(detail, "detail"), null);
    }

    /**
     * An unhealthy result caused by an error.
     *
     * @param error what went wrong
     * @return the result, whose detail is the error's class and message
     */
    public static Health unhealthy(Throwable error) {
        Objects.requireNonNull(error, "error");
        return new Health(HealthStatus.UNHEALTHY, describe(error), error);
    }

    /**
     * A short description of an error: its simple class name and its message.
     *
     * @param error an error
     * @return for example {@code "IOException: connection refused"}
     */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : error.getClass().getSimpleName() + ": " + message;
    }
}

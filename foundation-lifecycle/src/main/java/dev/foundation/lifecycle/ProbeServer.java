package dev.foundation.lifecycle;

import java.util.Objects;

/**
 * Where the lifecycle serves its HTTP probes, with the JDK's built-in HTTP server:
 * <ul>
 *   <li>{@code GET /health/live}: 200 unless the lifecycle itself is broken (supervision escalated), else 503;
 *       never checks dependencies;</li>
 *   <li>{@code GET /health/ready}: 200 only when every critical component is up and not unhealthy and no
 *       shutdown has begun, else 503;</li>
 *   <li>{@code GET /health/started}: 200 once {@link Lifecycle#start()} succeeded, else 503;</li>
 *   <li>{@code GET /health}: the {@link HealthReport} as JSON; 200 when HEALTHY or DEGRADED, 503 when
 *       UNHEALTHY.</li>
 * </ul>
 * The server starts at the beginning of {@link Lifecycle#start()} and answers until the very end of
 * {@link Lifecycle#close()}. Port 0 picks a free port; {@link Lifecycle#probeAddress()} tells which.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
 * @param port the port, 0 for any free port
 */
public record ProbeServer(String host, int port) {

    /**
     * Validates the address.
     *
     * @param host the address to bind
     * @param port the port, 0 to 65535
     */
    public ProbeServer {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank but was '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
        }
    }

    /**
     * Probes on the given address.
     *
     * @param host the address to bind
     * @param port the port, 0 for any free port
     * @return the probe server configuration
     */
    public static ProbeServer on(String host, int port) {
        return new ProbeServer(host, port);
    }
}

package dev.foundation.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the lifecycle serves its HTTP probes, with a small non-blocking HTTP/1.1 server on one thread of its own:
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
 * <p>Slow or idle clients cannot starve the probes: connections are read without blocking (a slow one costs a
 * buffer, not a thread), each must send its request and take the answer within {@link #requestTimeout()}
 * (else it is closed, with a 408 if its request was incomplete), a request head above 8 KiB gets a 431, and
 * beyond 512 open connections a new one closes the oldest. Every answer closes its connection.
 *
 * @param host the address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
 * @param port the port, 0 for any free port
 * @param requestTimeout how long a connection may take, from being accepted, to send its request and
 *                       receive the answer (default {@link #DEFAULT_REQUEST_TIMEOUT})
 */
public record ProbeServer(String host, int port, Duration requestTimeout) {

    /** Default {@link #requestTimeout()}: 5 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Validates the address and the timeout.
     *
     * @param host the address to bind
     * @param port the port, 0 to 65535
     * @param requestTimeout the time a connection has for its request and answer, &gt; 0
     */
    public ProbeServer {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank but was '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0 but was " + requestTimeout);
        }
    }

    /**
     * Probes on the given address with the default request timeout.
     *
     * @param host the address to bind
     * @param port the port, 0 to 65535
     */
    public ProbeServer(String host, int port) {
        this(host, port, DEFAULT_REQUEST_TIMEOUT);
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

    /**
     * The same address with another request timeout.
     *
     * @param timeout how long a connection may take to send its request and receive the answer, &gt; 0
     * @return a new configuration
     */
    public ProbeServer requestTimeout(Duration timeout) {
        return new ProbeServer(host, port, timeout);
    }
}

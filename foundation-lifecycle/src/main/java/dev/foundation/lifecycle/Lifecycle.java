package dev.foundation.lifecycle;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * A running application's components: started in dependency order (independent ones in parallel),
 * checked, supervised and restarted, and shut down gracefully in reverse within a time budget.
 *
 * <pre>{@code
 * Lifecycle app = Lifecycle.builder()
 *     .component("db", db::start, db::close, db::health)
 *     .component("cache", cache, c -> c.dependsOn("db"))
 *     .shutdownHook("flush", 100, Duration.ofSeconds(2), buffers::flush)
 *     .probes(ProbeServer.on("127.0.0.1", 8081))
 *     .build();
 * app.start();
 * app.health();
 * app.close();
 * }</pre>
 *
 * <p>{@link #start()} may be called once. {@link #close()} is idempotent, may be called from any thread
 * (a JVM shutdown hook included) and, when called during {@link #start()}, aborts the start.
 */
public interface Lifecycle extends AutoCloseable {

    /**
     * A new builder.
     *
     * @return a builder
     */
    static LifecycleBuilder builder() {
        return new LifecycleBuilder();
    }

    /**
     * Starts the probe server (if any), then every component in dependency order; components whose
     * dependencies are all running start in parallel. Returns when all are running. If any fails or
     * times out, nothing further starts, the started ones are stopped in reverse order, every thread is
     * released, and one exception naming each failure is thrown.
     *
     * @throws LifecycleStartException if a component failed or timed out, or a shutdown was requested
     * @throws IllegalStateException   if {@code start()} was already called or the lifecycle is closed
     */
    void start();

    /**
     * Shuts down gracefully: readiness goes DOWN, the drain delay passes, shutdown hooks run by priority
     * (higher first, each within its timeout), then components stop in reverse dependency order (in
     * parallel where independent, each within its stop timeout), all within the shutdown budget. Hooks or
     * stops that throw or hang are logged and the shutdown goes on. The probe server answers until the very
     * end. Idempotent: a second call waits for the first to finish. Never throws.
     *
     * <p>Called during {@link #start()} (from another thread, or by the JVM shutdown hook on SIGTERM), it
     * aborts the start: starts in flight are abandoned, the shutdown hooks run as above, then the components
     * that had started stop in reverse order; {@code start()} throws {@link LifecycleStartException}. Hooks do
     * not run when a start fails by itself, without {@code close()}.
     */
    @Override
    void close();

    /**
     * The current health, from cached check results.
     *
     * @return a snapshot
     */
    HealthReport health();

    /**
     * The current stage of one component.
     *
     * @param component a component's name
     * @return its stage
     * @throws IllegalArgumentException if there is no such component
     */
    Stage stage(String component);

    /**
     * The component names in a dependency order (each after all it depends on).
     *
     * @return the names
     */
    List<String> components();

    /**
     * Adds a listener for every stage transition. Only allowed before {@link #start()}.
     *
     * @param listener the listener
     * @throws IllegalStateException if the lifecycle has been started or closed
     */
    void addListener(TransitionListener listener);

    /**
     * Where the probe server listens, with the actual port when port 0 was asked for.
     *
     * @return the address, or empty when no probes are configured or the server is not running
     */
    Optional<InetSocketAddress> probeAddress();
}

package dev.foundation.spring;

import java.util.Objects;

import dev.foundation.lifecycle.Lifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Drives a Foundation {@link Lifecycle} from Spring's: {@link #start()} starts its components (in dependency
 * order, independent ones in parallel) when the context refreshes, {@link #stop()} shuts it down gracefully
 * (readiness down, drain delay, shutdown hooks, components in reverse order, all within its shutdown budget)
 * when the context closes. Its {@link #getPhase() phase} defaults to
 * {@link FoundationProperties.LifecycleProperties#DEFAULT_PHASE}: below the web server's phases, so Foundation's
 * components are up before requests are accepted and stop only after the web server has stopped.
 *
 * <p>The stop blocks Spring's shutdown thread for at most the lifecycle's shutdown budget; keep that budget
 * below {@code spring.lifecycle.timeout-per-shutdown-phase}. A Foundation {@code Lifecycle} starts once: after
 * {@link #stop()} (which closes it), {@link #start()} throws {@link IllegalStateException}, so a context that was
 * stopped cannot be started again.
 */
public final class FoundationSmartLifecycle implements SmartLifecycle {

    private final Lifecycle lifecycle;
    private final int phase;
    private volatile boolean running;

    /**
     * Creates the adapter.
     *
     * @param lifecycle the lifecycle (not started)
     * @param phase     the phase
     */
    public FoundationSmartLifecycle(Lifecycle lifecycle, int phase) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.phase = phase;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        lifecycle.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        lifecycle.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /**
     * The lifecycle this adapter drives.
     *
     * @return the lifecycle
     */
    public Lifecycle lifecycle() {
        return lifecycle;
    }
}

package dev.foundation.lifecycle.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle's hold on the JVM's exit: a shutdown hook that closes it (so SIGTERM, SIGINT and
 * {@code System.exit} shut down gracefully), and optionally a SIGTERM handler that closes it and exits with
 * status 0. Both are given back by {@link #remove()} when the lifecycle ends by itself.
 */
final class JvmSignals {

    private static final Logger LOG = LoggerFactory.getLogger(dev.foundation.lifecycle.Lifecycle.class);

    private final Thread hook;
    private final SigtermHandler sigterm;

    private JvmSignals(Thread hook, SigtermHandler sigterm) {
        this.hook = hook;
        this.sigterm = sigterm;
    }

    /**
     * Registers the shutdown hook and, if asked, the SIGTERM handler.
     *
     * @param instance         the lifecycle's number, for the thread name
     * @param sigtermExitsZero whether SIGTERM closes and exits with status 0
     * @param close            closes the lifecycle (idempotent, waits for a close in progress)
     * @return what to remove later
     */
    static JvmSignals install(int instance, boolean sigtermExitsZero, Runnable close) {
        Thread hook = new Thread(close, "foundation-lifecycle-" + instance + "-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
        SigtermHandler sigterm = null;
        if (sigtermExitsZero) {
            sigterm = SigtermHandler.install(() -> {
                LOG.info("SIGTERM received: shutting down gracefully, then exiting with status 0");
                close.run();
                System.exit(0);
            });
        }
        return new JvmSignals(hook, sigterm);
    }

    /** Removes the hook (unless the JVM is already exiting, maybe in that very hook) and restores SIGTERM. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (we may be running in that very hook)
        }
        if (sigterm != null) {
            sigterm.restore();
        }
    }
}

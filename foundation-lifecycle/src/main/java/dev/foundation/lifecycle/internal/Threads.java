package dev.foundation.lifecycle.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the lifecycle's threads {@code foundation-lifecycle-<instance>-<role>[-<n>]}, all daemons. */
final class Threads implements ThreadFactory {

    private final String prefix;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    Threads(int instance, String role, boolean numbered) {
        this.prefix = "foundation-lifecycle-" + instance + "-" + role;
        this.numbered = numbered;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, numbered ? prefix + "-" + count.incrementAndGet() : prefix);
        t.setDaemon(true);
        return t;
    }
}

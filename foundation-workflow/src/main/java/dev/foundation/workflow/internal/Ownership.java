package dev.foundation.workflow.internal;

import dev.foundation.core.Backoff;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.spi.ClusterSignals;
import dev.foundation.workflow.spi.LeasedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's lease keeping for one engine: claims runnable instances, renews the leases of those the
 * engine runs, stops running the ones it cannot be sure to hold, and wakes other nodes through the
 * {@link ClusterSignals} when configured.
 *
 * <p>All store calls run on one "lease" thread, so claims and renewals never overlap and never delay the
 * engine's timers or steps. Local lease deadlines are on {@link System#nanoTime()}: an instance is held until
 * {@code t0 + lease - renewInterval}, where {@code t0} is taken before the claim or renewal was sent (the
 * database's lease starts later, so the local deadline ends first even when the request was slow).
 */
final class Ownership {

    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final RunRegistry engine;
    private final LeaseLoss placement;
    private final LeasedStore store;
    private final ClusterOptions options;
    private final String node;
    private final long holdNanos;
    /** The first wait before failed lease work is retried; it doubles up to the task's own period. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);

    private final ScheduledThreadPoolExecutor exec;
    /** Instance id to the local nanoTime until which its lease is surely held. */
    private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();
    private final AtomicBoolean claimQueued = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Retry renewals;
    private final Retry claims;
    private final Backoff endLeasesBackoff;
    private volatile ClusterSignals.Subscription subscription;

    /** Told when this node must stop running an instance whose lease it lost. */
    @FunctionalInterface
    interface LeaseLoss {
        /**
         * Stop running instance {@code id} if it still runs under {@code epoch}.
         *
         * @param id     the instance
         * @param epoch  the epoch it was held under
         * @param reason the meter tag
         * @param why    for the log
         */
        void lost(String id, long epoch, String reason, String why);
    }

    Ownership(RunRegistry engine, LeaseLoss placement, LeasedStore store, ClusterOptions options) {
        this.engine = engine;
        this.placement = placement;
        this.store = store;
        this.options = options;
        this.node = options.nodeId();
        this.holdNanos = options.lease().minus(options.renewInterval()).toNanos();
        int n = INSTANCES.incrementAndGet();
        this.exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "foundation-workflow-lease-" + n);
            t.setDaemon(true);
            return t;
        });
        this.exec.setRemoveOnCancelPolicy(true);
        this.renewals = new Retry("renewing leases", options.renewInterval(), this::renewQuietly);
        this.claims = new Retry("claiming instances", options.claimInterval(), this::claimQuietly);
        this.endLeasesBackoff = retryBackoff(options.claimInterval());
    }

    String node() {
        return node;
    }

    /** Starts claiming and renewing, and listens to the signals. */
    void start() {
        long claim = options.claimInterval().toNanos();
        long renew = options.renewInterval().toNanos();
        exec.scheduleWithFixedDelay(this::claimQuietly, 0, claim, TimeUnit.NANOSECONDS);
        exec.scheduleWithFixedDelay(this::renewQuietly, renew, renew, TimeUnit.NANOSECONDS);
        options.signals().ifPresent(this::listen);
    }

    private void listen(ClusterSignals signals) {
        subscription = signals.subscribe(node, new ClusterSignals.Listener() {
            @Override
            public void wakeUp() {
                wake();
            }

            @Override
            public void nodeGone(String gone) {
                submit(() -> endLeasesOf(gone, 1, System.nanoTime()));
            }
        });
    }

    /**
     * Ends the leases of a node that left the cluster (only those not renewed lately: a node cut off from us but
     * alive keeps renewing), then claims. If the store fails, tries again after 50 ms, doubling, until the
     * lease has passed since the node left (by then its leases have run out anyway). Runs on the lease thread.
     */
    private void endLeasesOf(String gone, int attempt, long since) {
        if (stopped.get()) {
            return;
        }
        try {
            int n = store.expire(gone, options.renewInterval().multipliedBy(2));
            if (n > 0) {
                LOG.info("node {}: node {} left the cluster; ended its {} lease(s)", node, gone, n);
            }
        } catch (RuntimeException e) {
            long delay = endLeasesBackoff.nominalDelay(attempt).toNanos();
            if (System.nanoTime() + delay - since < options.lease().toNanos()) {
                LOG.warn("node {}: ending the leases of node {}, which left, failed ({}); retrying in {} ms", node,
                        gone, e.toString(), TimeUnit.NANOSECONDS.toMillis(delay));
                try {
                    exec.schedule(() -> endLeasesOf(gone, attempt + 1, since), delay, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException rejected) {
                    LOG.debug("node {}: stopped; leases of {} not ended", node, gone);
                }
            } else {
                LOG.warn("node {}: ending the leases of node {}, which left, failed ({}); they run out by themselves",
                        node, gone, e.toString());
            }
        }
        claimQuietly();
    }

    /** 50 ms doubling up to {@code period} (or {@code period} throughout, if shorter), without jitter. */
    private static Backoff retryBackoff(Duration period) {
        return Backoff.exponential(FIRST_RETRY.compareTo(period) < 0 ? FIRST_RETRY : period, period);
    }

    // ------------------------------------------------------------------ what the engine tells

    /** The engine runs this instance now, claimed (or created owned) with a request sent at {@code t0}. */
    void held(String id, long t0) {
        heldUntil.put(id, t0 + holdNanos);
    }

    /**
     * Whether this node surely still holds the lease of an instance now: it was claimed or renewed less than
     * {@code lease - renewInterval} ago (by the local clock, measured from before the request was sent). Asked
     * before every attempt starts, so a node that was paused past its lease starts nothing on resuming, even
     * before its lease thread has run.
     */
    boolean holds(String id) {
        Long until = heldUntil.get(id);
        return until != null && System.nanoTime() - until < 0;
    }

    /** The engine no longer runs this instance. */
    void forget(String id) {
        heldUntil.remove(id);
    }

    /** Whether this node takes on one more instance. */
    boolean hasCapacity() {
        return engine.inFlight() < options.maxInstances();
    }

    /** Asks for a claim soon (coalesced), on the lease thread. */
    void wake() {
        if (claimQueued.compareAndSet(false, true)) {
            submit(() -> {
                claimQueued.set(false);
                claimQuietly();
            });
        }
    }

    /** Tells other nodes there is something to claim (instances created unowned, released leases). */
    void announce() {
        if (!stopped.get()) {
            publishWakeUp();
        }
    }

    private void publishWakeUp() {
        ClusterSignals signals = options.signals().orElse(null);
        if (signals != null) {
            try {
                signals.announce(node);
            } catch (RuntimeException e) {
                LOG.debug("node {}: wake-up not sent ({}); other nodes poll", node, e.toString());
            }
        }
    }

    /**
     * Hands an instance that waits only for a timer back to the store, claimable by any node from
     * {@code wakeAt} (asynchronously; if that fails, its lease runs out and another node takes it over).
     */
    void park(String id, long epoch, Instant wakeAt) {
        forget(id);
        submit(() -> {
            try {
                if (store.park(node, id, epoch, wakeAt)) {
                    LOG.debug("node {}: instance {} waits for a timer; handed back to the store until {}", node, id,
                            wakeAt);
                }
            } catch (RuntimeException e) {
                LOG.warn("node {}: handing instance {} back to the store failed ({}); another node takes it over"
                        + " when its lease runs out", node, id, e.toString());
            }
        });
    }

    /** Gives up leases the engine stopped running (asynchronously; a failure leaves them to expire). */
    void release(Map<String, Long> epochs) {
        if (epochs.isEmpty()) {
            return;
        }
        submit(() -> releaseNow(epochs));
    }

    private void releaseNow(Map<String, Long> epochs) {
        try {
            int n = store.release(node, epochs);
            if (n > 0) {
                announce();
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: releasing {} lease(s) failed ({}); they expire within {}", node, epochs.size(),
                    e.toString(), options.lease());
        }
    }

    // ------------------------------------------------------------------ the lease thread's work

    private void submit(Runnable r) {
        if (stopped.get()) {
            return;
        }
        try {
            exec.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("node {}: lease work failed: {}", node, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("node {}: stopped; dropping lease work", node);
        }
    }

    private void claimQuietly() {
        try {
            claim();
            claims.succeeded();
        } catch (RuntimeException | Error e) { // a periodic task that throws is never run again
            claims.failed(e, "instances wait to be claimed");
        }
    }

    private void claim() {
        while (!stopped.get() && !engine.isClosed()) {
            int room = options.maxInstances() - engine.inFlight();
            int want = Math.min(options.claimBatch(), room);
            if (want <= 0) {
                return;
            }
            long t0 = System.nanoTime();
            var claimed = store.claim(node, want, options.lease());
            engine.metrics().claimed(claimed.size());
            for (LeasedStore.Owned o : claimed) {
                held(o.instance().id(), t0);
                engine.resumeOwned(o.instance(), o.epoch());
            }
            if (claimed.size() < want) {
                return;
            }
        }
    }

    private void renewQuietly() {
        try {
            renew();
            renewals.succeeded();
        } catch (RuntimeException | Error e) { // a periodic task that throws is never run again
            renewals.failed(e, "instances not renewed in time are stopped");
        } finally {
            try {
                stopExpired();
            } catch (RuntimeException | Error e) {
                LOG.error("node {}: stopping instances past their lease failed; tried again at the next renewal",
                        node, e);
            }
        }
    }

    /**
     * Lease work that is retried soon after it failed, rather than a whole period later: after 50 ms, doubling up
     * to the period, one retry pending at a time. Renewals need it most: the local hold is
     * {@code lease - renewInterval}, so after one failed renewal the next periodic one came too late to keep the
     * node's instances running. Only the lease thread uses it.
     */
    private final class Retry {
        private final String what;
        private final Backoff backoff;
        private final long periodNanos;
        private final Runnable again;
        private int failures;
        private boolean scheduled;

        Retry(String what, Duration period, Runnable again) {
            this.what = what;
            this.backoff = retryBackoff(period);
            this.periodNanos = period.toNanos();
            this.again = again;
        }

        void succeeded() {
            failures = 0;
        }

        void failed(Throwable e, String consequence) {
            failures = Math.min(failures + 1, 64);
            long delay = backoff.nominalDelay(failures).toNanos();
            if (failures == 1 || delay >= periodNanos) { // a warning once per period at most
                LOG.warn("node {}: {} failed ({}); retrying in {} ms; {}", node, what, e.toString(),
                        TimeUnit.NANOSECONDS.toMillis(delay), consequence);
            } else {
                LOG.debug("node {}: {} failed again ({}); retrying in {} ms", node, what, e.toString(),
                        TimeUnit.NANOSECONDS.toMillis(delay));
            }
            if (stopped.get() || scheduled) {
                return;
            }
            try {
                exec.schedule(() -> {
                    scheduled = false;
                    again.run();
                }, delay, TimeUnit.NANOSECONDS);
                scheduled = true;
            } catch (RejectedExecutionException rejected) {
                LOG.debug("node {}: stopped; {} not retried", node, what);
            }
        }
    }

    private void renew() {
        Map<String, Long> epochs = engine.ownedEpochs();
        if (epochs.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Set<String> kept = store.renew(node, epochs, options.lease());
        for (Map.Entry<String, Long> e : epochs.entrySet()) {
            String id = e.getKey();
            if (kept.contains(id)) {
                heldUntil.computeIfPresent(id, (k, v) -> t0 + holdNanos);
            } else {
                placement.lost(id, e.getValue(), "lease-lost", "its lease is no longer this node's (another node "
                        + "claimed it after the lease ran out)");
            }
        }
    }

    /** Stops running instances whose lease this node cannot be sure to hold any more. */
    private void stopExpired() {
        long now = System.nanoTime();
        Map<String, Long> expired = new HashMap<>();
        for (Map.Entry<String, Long> e : heldUntil.entrySet()) {
            if (now - e.getValue() >= 0) {
                expired.put(e.getKey(), e.getValue());
            }
        }
        if (expired.isEmpty()) {
            return;
        }
        Map<String, Long> owned = engine.ownedEpochs();
        for (String id : expired.keySet()) {
            Long epoch = owned.get(id);
            heldUntil.remove(id);
            if (epoch != null) {
                placement.lost(id, epoch, "lease-expired", "its lease could not be renewed in time");
            }
        }
    }

    /** Stops the lease thread and the listeners; the engine then releases what it still holds. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ClusterSignals.Subscription s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("node {}: stopping the cluster signals failed", node, e);
            }
        }
        exec.shutdownNow();
        try {
            if (!exec.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("node {}: the lease thread did not stop within 10 s", node);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases leases synchronously (engine close, after its threads stopped). */
    void releaseOnClose(Map<String, Long> epochs) {
        if (epochs.isEmpty()) {
            return;
        }
        try {
            int n = store.release(node, epochs);
            LOG.info("node {}: released {} lease(s) on close", node, n);
            if (n > 0) {
                publishWakeUp(); // the lease thread has stopped: sent from here
            }
        } catch (RuntimeException e) {
            LOG.warn("node {}: releasing {} lease(s) on close failed ({}); other nodes take them over within {}",
                    node, epochs.size(), e.toString(), options.lease());
        }
    }
}

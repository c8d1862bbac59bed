package dev.foundation.federation.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import dev.foundation.core.Backoff;
import dev.foundation.federation.Federation;
import dev.foundation.federation.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares a federation's membership across a Hazelcast cluster, the way Curator's service discovery shares
 * service instances: a member {@linkplain #register(PoolSpec) registers} a pool once, and every member's
 * federation of the same name gets a {@link Pool} of it, built by that member's connector from the
 * {@link PoolSpec}. Weight changes reach every member; a pool whose spec changes otherwise is replaced.
 *
 * <p>Registrations are ephemeral: they belong to the member that made them and disappear, on every member,
 * when it {@linkplain #deregister(String) deregisters} them, {@linkplain #close() closes} this membership or
 * leaves the cluster (crash included: the remaining members remove them when Hazelcast declares it gone).
 * Pools added to the federation by hand stay local and are never touched; a registered name that is already
 * a local pool is skipped on that member, with a WARN.
 *
 * <p>The cluster's registrations live in the map {@code foundation.federation.<federation>.pools}. Changes
 * are applied on each member asynchronously, in order, on one thread of this membership; a removed or
 * replaced pool is handed to {@code onRemoved} once its in-flight calls have ended. Every
 * {@linkplain Builder#resyncInterval(Duration) resync interval} (30 s), and soon after anything failed, each
 * member also reads every registration again and removes those of departed members, so that a failed read, a
 * failing connector, a missed event or a split-brain merge is caught up without waiting for the next change.
 *
 * <pre>{@code
 * ClusterMembership<HttpClient> shared = ClusterMembership.builder(federation, hazelcast)
 *         .connector(spec -> HttpClient.newBuilder().build())
 *         .start();
 * shared.register(PoolSpec.of("eu-1", "https://eu-1.example.com").withLocality("eu"));
 * }</pre>
 *
 * <p>Needs {@code com.hazelcast:hazelcast} on the class path (an optional dependency of this module).
 *
 * @param <R> the resource type of the federation
 */
public final class ClusterMembership<R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    /** The default {@link Builder#resyncInterval(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofSeconds(30);

    private final Federation<R> federation;
    private final HazelcastInstance hazelcast;
    private final Function<? super PoolSpec, ? extends R> connector;
    private final Consumer<? super R> onRemoved;
    private final IMap<String, String> map;
    private final String self;
    private final ScheduledThreadPoolExecutor applier;
    private final long resyncNanos;
    /** The wait before the early resync after the n-th failure in a row: 1 s doubling to the resync interval. */
    private final Backoff retryBackoff;
    /** Failed reads, sweeps and connector calls since the last clean resync; the applier's thread only. */
    private int failures;
    /** The early resync scheduled after a failure, if pending; the applier's thread only. */
    private ScheduledFuture<?> retry;
    /** Owners of registrations that were not cluster members at the last sweep; the applier's thread only. */
    private Set<String> suspects = Set.of();
    /** What this member added to its federation from the cluster's registrations; touched by the applier only. */
    private final Map<String, PoolSpec> applied = new HashMap<>();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final UUID entryListener;
    private final UUID membershipListener;
    private volatile boolean closed;

    private ClusterMembership(Builder<R> b) {
        this.federation = b.federation;
        this.hazelcast = b.hazelcast;
        this.connector = b.connector;
        this.onRemoved = b.onRemoved;
        this.map = hazelcast.getMap(mapName(federation.name()));
        this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.resyncNanos = b.resyncInterval.toNanos();
        this.retryBackoff = Backoff.exponential(Duration.ofSeconds(1).compareTo(b.resyncInterval) < 0
                ? Duration.ofSeconds(1) : b.resyncInterval, b.resyncInterval);
        this.applier = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "foundation-federation-cluster-" + federation.name());
            t.setDaemon(true);
            return t;
        });
        applier.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        applier.setRemoveOnCancelPolicy(true);
        this.entryListener = map.addEntryListener(new Changes(), false);
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new Departures());
        applier.execute(() -> resync(true));
        applier.scheduleWithFixedDelay(() -> resync(false), resyncNanos, resyncNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts building a membership for a federation over a Hazelcast member or client.
     *
     * @param federation the local federation whose membership follows the cluster's
     * @param hazelcast  the Hazelcast instance
     * @param <R>        the resource type
     * @return the builder
     */
    public static <R> Builder<R> builder(Federation<R> federation, HazelcastInstance hazelcast) {
        return new Builder<>(federation, hazelcast);
    }

    /**
     * The name of the Hazelcast map holding a federation's registrations.
     *
     * @param federation the federation's name
     * @return {@code foundation.federation.<federation>.pools}
     */
    public static String mapName(String federation) {
        return "foundation.federation." + federation + ".pools";
    }

    /**
     * Registers a pool for the whole cluster, owned by this member; registering it again with another spec
     * updates it everywhere. Every member (this one included) applies it shortly after, asynchronously.
     *
     * @param spec the pool
     * @throws IllegalStateException if another member has registered a pool of that name, or after close
     */
    public void register(PoolSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ensureOpen();
        String encoded = encode(self, spec);
        while (true) {
            String previous = map.putIfAbsent(spec.name(), encoded);
            if (previous == null) {
                return;
            }
            String owner = owner(previous);
            if (!owner.equals(self)) {
                throw new IllegalStateException("pool '" + spec.name() + "' of federation '" + federation.name()
                        + "' is already registered by cluster member " + owner);
            }
            if (previous.equals(encoded) || map.replace(spec.name(), previous, encoded)) {
                return;
            }
        }
    }

    /**
     * Removes this member's registration of a pool from the cluster; every member removes the pool shortly after.
     *
     * @param name the pool's name
     * @return {@code true} if this member had registered it
     * @throws IllegalStateException if another member registered it, or after close
     */
    public boolean deregister(String name) {
        Objects.requireNonNull(name, "name");
        ensureOpen();
        while (true) {
            String current = map.get(name);
            if (current == null) {
                return false;
            }
            String owner = owner(current);
            if (!owner.equals(self)) {
                throw new IllegalStateException("pool '" + name + "' of federation '" + federation.name()
                        + "' is registered by cluster member " + owner + ", not by this one (" + self + ")");
            }
            if (map.remove(name, current)) {
                return true;
            }
        }
    }

    /**
     * The cluster's registrations as this member reads them now.
     *
     * @return pool name to spec, sorted by name
     */
    public Map<String, PoolSpec> registered() {
        Map<String, PoolSpec> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.put(e.getKey(), decode(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * Stops following the cluster: removes this member's registrations from the cluster and the pools this
     * membership added from the local federation (each handed to {@code onRemoved} once its calls have ended).
     * Pools added by hand stay. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            map.removeEntryListener(entryListener);
            hazelcast.getCluster().removeMembershipListener(membershipListener);
            for (Map.Entry<String, String> e : map.entrySet()) {
                if (owner(e.getValue()).equals(self)) {
                    map.remove(e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("federation '{}': could not remove this member's registrations from the cluster "
                    + "(they go when the member leaves): {}", federation.name(), e.toString());
        }
        applier.execute(() -> {
            for (String name : new TreeSet<>(applied.keySet())) {
                removeApplied(name);
            }
        });
        applier.shutdown();
        try {
            if (!applier.awaitTermination(30, TimeUnit.SECONDS)) {
                applier.shutdownNow();
            }
        } catch (InterruptedException e) {
            applier.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ applying

    private void submit(Runnable task) {
        if (!closed) {
            try {
                applier.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the close task removes what was applied
            }
        }
    }

    private void reconcileAll() {
        Set<String> names = new HashSet<>(applied.keySet());
        try {
            names.addAll(map.keySet());
        } catch (RuntimeException e) {
            LOG.warn("federation '{}': could not read the cluster's registrations: {}", federation.name(), e.toString());
            failed();
            return;
        }
        for (String name : new TreeSet<>(names)) {
            reconcile(name);
        }
    }

    /** Makes the local federation match the cluster's registration of one name. Runs on the applier. */
    private void reconcile(String name) {
        if (closed) {
            return;
        }
        String encoded;
        try {
            encoded = map.get(name);
        } catch (RuntimeException e) {
            LOG.warn("federation '{}': could not read registration '{}': {}", federation.name(), name, e.toString());
            failed();
            return;
        }
        PoolSpec desired = encoded == null ? null : decode(name, encoded);
        PoolSpec current = applied.get(name);
        if (Objects.equals(desired, current)) {
            return;
        }
        if (desired == null) {
            skipped.remove(name);
            removeApplied(name);
            return;
        }
        if (current != null && current.sameButWeight(desired)) {
            federation.setWeight(name, desired.weight());
            applied.put(name, desired);
            LOG.info("federation '{}': cluster pool '{}' weight {} -> {}", federation.name(), name, current.weight(),
                    desired.weight());
            return;
        }
        if (current != null) {
            removeApplied(name);
        } else if (federation.pool(name).isPresent()) {
            if (skipped.add(name)) {
                LOG.warn("federation '{}': cluster pool '{}' skipped on this member: a local pool has that name",
                        federation.name(), name);
            }
            return;
        }
        R resource;
        try {
            resource = connector.apply(desired);
        } catch (RuntimeException e) {
            LOG.warn("federation '{}': connector failed for cluster pool {}; it is not used on this member until a"
                    + " later try succeeds: {}", federation.name(), desired, e.toString());
            failed();
            return;
        }
        federation.addPool(new Pool<>(name, Objects.requireNonNull(resource, "connector returned null"),
                desired.weight(), desired.locality(), desired.capacity()));
        applied.put(name, desired);
    }

    private void removeApplied(String name) {
        if (applied.remove(name) == null) {
            return;
        }
        federation.removePool(name).whenComplete((resource, error) -> {
            if (resource != null) {
                try {
                    onRemoved.accept(resource);
                } catch (RuntimeException e) {
                    LOG.warn("federation '{}': onRemoved failed for pool '{}': {}", federation.name(), name, e.toString());
                }
            }
        });
    }

    /**
     * Removes the registrations of members that are no longer in the cluster. Runs on the applier.
     *
     * @param atOnce remove them at once (at start, and when Hazelcast said a member left); otherwise (a periodic
     *               resync) only owners that were already missing at the previous sweep, so that a member that
     *               joined a moment ago, and registered before this member's list showed it, is left alone
     */
    private void sweepDeparted(boolean atOnce) {
        if (closed) {
            return;
        }
        try {
            Set<String> live = new HashSet<>();
            for (Member m : hazelcast.getCluster().getMembers()) {
                live.add(m.getUuid().toString());
            }
            Set<String> missing = new HashSet<>();
            for (Map.Entry<String, String> e : map.entrySet()) {
                String owner = owner(e.getValue());
                if (live.contains(owner)) {
                    continue;
                }
                missing.add(owner);
                if ((atOnce || suspects.contains(owner)) && map.remove(e.getKey(), e.getValue())) {
                    LOG.info("federation '{}': removed cluster pool '{}' of departed member {}", federation.name(),
                            e.getKey(), owner);
                }
            }
            suspects = missing;
        } catch (RuntimeException e) {
            LOG.warn("federation '{}': could not remove departed members' registrations: {}", federation.name(),
                    e.toString());
            failed();
        }
    }

    /**
     * Brings this member in line with the cluster from scratch: removes departed members' registrations (at
     * start at once; later only those of owners missing at two sweeps in a row) and reconciles every name. Runs
     * at start, every {@code resyncInterval} (it catches what events cannot tell: entries changed by a
     * split-brain merge, a departure this member did not hear of) and soon after a failure. Runs on the
     * applier.
     */
    private void resync(boolean sweepAtOnce) {
        if (closed) {
            return;
        }
        int before = failures;
        sweepDeparted(sweepAtOnce);
        reconcileAll();
        if (failures == before) {
            failures = 0;
        }
    }

    /**
     * Counts a failed read, sweep or connector call and schedules a resync soon: 1 s after the first failure in
     * a row, doubling up to {@code resyncInterval}; one pending at a time. Runs on the applier.
     */
    private void failed() {
        failures = Math.min(failures + 1, 30);
        if (closed || (retry != null && !retry.isDone())) {
            return;
        }
        long delay = retryBackoff.delay(failures).toNanos();
        try {
            retry = applier.schedule(() -> {
                retry = null;
                resync(false);
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cluster membership of federation '" + federation.name() + "' is closed");
        }
    }

    // ------------------------------------------------------------------------------------------ encoding

    static String encode(String owner, PoolSpec spec) {
        return "1\t" + owner + '\t' + spec.weight() + '\t' + spec.capacity() + '\t' + spec.locality() + '\t'
                + spec.address();
    }

    static String owner(String encoded) {
        String[] f = encoded.split("\t", 6);
        return f.length == 6 ? f[1] : "";
    }

    static PoolSpec decode(String name, String encoded) {
        String[] f = encoded.split("\t", 6);
        if (f.length != 6 || !f[0].equals("1")) {
            throw new IllegalStateException("registration '" + name + "' has an unknown format: " + encoded);
        }
        return new PoolSpec(name, f[5], Integer.parseInt(f[2]), f[4], Integer.parseInt(f[3]));
    }

    // ------------------------------------------------------------------------------------------ listeners

    private final class Changes implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String>,
            EntryExpiredListener<String, String>, MapClearedListener {

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
            submit(() -> reconcile(event.getKey()));
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
            submit(() -> reconcile(event.getKey()));
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> event) {
            submit(() -> reconcile(event.getKey()));
        }

        @Override
        public void entryEvicted(com.hazelcast.core.EntryEvent<String, String> event) {
            submit(() -> reconcile(event.getKey()));
        }

        @Override
        public void entryExpired(com.hazelcast.core.EntryEvent<String, String> event) {
            submit(() -> reconcile(event.getKey()));
        }

        @Override
        public void mapCleared(com.hazelcast.map.MapEvent event) {
            submit(ClusterMembership.this::reconcileAll);
        }
    }

    private final class Departures implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            // a new member reads the registrations itself when its membership starts
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            submit(() -> sweepDeparted(true));
        }
    }

    /**
     * Builds a {@link ClusterMembership}.
     *
     * @param <R> the resource type
     */
    public static final class Builder<R> {
        private final Federation<R> federation;
        private final HazelcastInstance hazelcast;
        private Function<? super PoolSpec, ? extends R> connector;
        private Consumer<? super R> onRemoved = r -> { };
        private Duration resyncInterval = DEFAULT_RESYNC_INTERVAL;

        private Builder(Federation<R> federation, HazelcastInstance hazelcast) {
            this.federation = Objects.requireNonNull(federation, "federation");
            this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        }

        /**
         * Sets how this member builds the resource of a registered pool (required).
         *
         * @param value spec to resource; an exception leaves that pool unused on this member (WARN) until a
         *              later try succeeds (see {@link #resyncInterval(Duration)})
         * @return this builder
         */
        public Builder<R> connector(Function<? super PoolSpec, ? extends R> value) {
            this.connector = Objects.requireNonNull(value, "connector");
            return this;
        }

        /**
         * Sets what to do with the resource of a pool removed or replaced by the cluster, once its calls ended
         * (default: nothing). Typically closes it.
         *
         * @param value the callback
         * @return this builder
         */
        public Builder<R> onRemoved(Consumer<? super R> value) {
            this.onRemoved = Objects.requireNonNull(value, "onRemoved");
            return this;
        }

        /**
         * Sets how often this member reads every registration again and removes those of departed members
         * (default {@link #DEFAULT_RESYNC_INTERVAL}), besides applying change events as they come: it catches
         * what no event tells (entries changed by a split-brain merge, events missed while cut off) and retries
         * what failed. After a failure (a read, a sweep, the connector) a resync also runs 1 s later, doubling
         * up to this interval.
         *
         * @param value a positive interval
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder<R> resyncInterval(Duration value) {
            Objects.requireNonNull(value, "resyncInterval");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("resyncInterval must be positive but was " + value);
            }
            this.resyncInterval = value;
            return this;
        }

        /**
         * Starts following the cluster's registrations: the current ones are applied at once (asynchronously).
         *
         * @return the membership; close it to stop
         * @throws IllegalStateException if no connector was set
         */
        public ClusterMembership<R> start() {
            if (connector == null) {
                throw new IllegalStateException("connector is required: how does this member build the resource "
                        + "of a registered pool?");
            }
            return new ClusterMembership<>(this);
        }
    }
}

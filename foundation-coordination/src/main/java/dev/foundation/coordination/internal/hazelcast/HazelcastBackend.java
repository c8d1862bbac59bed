package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.crdt.pncounter.PNCounter;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.foundation.coordination.ClusterBelowMinimumSizeException;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.CoordinationInterruptedException;
import dev.foundation.coordination.EventualCounter;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.IndeterminateUpdateException;
import dev.foundation.coordination.UnitOutcome;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;
import dev.foundation.coordination.internal.Backend;
import dev.foundation.coordination.internal.CounterStore;
import dev.foundation.coordination.internal.LeaseStore;
import dev.foundation.coordination.internal.Metrics;
import dev.foundation.coordination.internal.WorkRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The Hazelcast backend: entry-processor leases, map counters, PN-counters and a partition-aware executor. */
public final class HazelcastBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastBackend.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    static final String COUNTERS = "foundation.coordination.counters";
    static final String EXECUTOR = "foundation.coordination.work";
    private static final int RELEASE_ATTEMPTS = 10;
    private static final long RELEASE_RETRY_MILLIS = 50;

    private final HazelcastInstance hazelcast;
    private final CoordinationConfig config;
    private final String memberId;
    private final BoundedCalls calls = new BoundedCalls();
    private final BoundedCalls renewals = new BoundedCalls("renew", BoundedCalls.MAX_RENEWING);
    /** Whether this backend's guard counts in the member's stall check (from start to close). */
    private boolean guardStarted;
    private final HazelcastLeaseStore store;
    private final CounterStore counterStore;
    /** Why linearizable counters cannot be safe on this member's configuration, or {@code null} if they can. */
    private final String counterRefusal;
    private final MemberState member;
    private final Set<String> registeredHere = ConcurrentHashMap.newKeySet();
    private UUID membershipRegistration;
    private UUID lifecycleRegistration;
    private Metrics metrics;
    private final SplitBrainProtection protection;
    private final RecentlyHeardFunction quorum;
    private MemberLossListener memberLoss;
    private final long maxNoHeartbeatNanos;

    /**
     * Creates the backend on a running member.
     *
     * @param hazelcast the member
     * @param config    the settings
     * @throws IllegalArgumentException if the member lacks the split-brain protection {@code minimumClusterSize}
     *                                  needs
     */
    public HazelcastBackend(HazelcastInstance hazelcast, CoordinationConfig config) {
        this.hazelcast = checked(hazelcast, config);
        this.config = config;
        this.member = MemberState.of(hazelcast);
        this.store = new HazelcastLeaseStore(hazelcast, member.register(config.clock()), config.clockDriftRate(), calls,
                renewals);
        this.memberId = hazelcast.getCluster().getLocalMember().getUuid() + ":c" + SEQUENCE.incrementAndGet();
        this.counterStore = new HazelcastCounterStore(hazelcast.getMap(COUNTERS), config.operationTimeout(), calls);
        this.counterRefusal = counterRefusal(hazelcast, config);
        this.protection = config.minimumClusterSize() > 1
                ? hazelcast.getSplitBrainProtectionService()
                        .getSplitBrainProtection(HazelcastMembers.SPLIT_BRAIN_PROTECTION_NAME)
                : null;
        this.quorum = protection == null ? null : RecentlyHeardFunction.find(hazelcast);
        this.maxNoHeartbeatNanos = TimeUnit.SECONDS.toNanos(seconds(hazelcast, "hazelcast.max.no.heartbeat.seconds",
                60));
    }

    /** Registers the membership and lifecycle listeners, which tell the coordination of member loss and merges. */
    @Override
    public void start(Host host) {
        this.metrics = host.metrics();
        member.guardStarted(pauseThresholdNanos());
        guardStarted = true;
        this.memberLoss = config.releaseOnMemberLoss() ? new MemberLossListener(hazelcast, store, host::nudge) : null;
        this.membershipRegistration = memberLoss == null ? null
                : hazelcast.getCluster().addMembershipListener(memberLoss);
        MemberLossListener loss = memberLoss;
        this.lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
                // The other side's records win the merge: give up everything held here, and grant nothing from
                // this member's records until the merge has settled.
                member.quarantine(maxNoHeartbeatNanos);
                host.relinquishAll("this member is merging into another cluster after a split brain");
            } else if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                if (loss != null) {
                    loss.retryPending();
                }
                host.nudge();
            }
        });
    }

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public LeaseStore leaseStore() {
        return store;
    }

    private static long seconds(HazelcastInstance hazelcast, String property, long fallback) {
        String value = hazelcast.getConfig().getProperty(property);
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Evaluates the members' split-brain rule now ({@link RecentlyHeardFunction}), not Hazelcast's verdict cached
     * at the last heartbeat interval; with a rule of the user's own, Hazelcast's verdict and the member count.
     */
    @Override
    public boolean quorumPresent() {
        if (protection == null) {
            return true;
        }
        Set<Member> members = hazelcast.getCluster().getMembers();
        if (members.size() < config.minimumClusterSize()) {
            return false;
        }
        return quorum != null ? quorum.apply(members) : protection.hasMinimumSize();
    }

    @Override
    public long pauseThresholdNanos() {
        return Math.max(TimeUnit.SECONDS.toNanos(2), maxNoHeartbeatNanos / 2);
    }

    @Override
    public void alive() {
        member.alive();
    }

    @Override
    public void paused(long stalledNanos) {
        // The cluster may have declared this member dead and moved its partitions while it stood still; until it
        // has learnt so, its stale partition table must not hand out grants.
        member.quarantine(maxNoHeartbeatNanos);
    }

    private static HazelcastInstance checked(HazelcastInstance hazelcast, CoordinationConfig config) {
        int required = config.minimumClusterSize();
        if (required > 1) {
            MapConfig maps = hazelcast.getConfig().getMapConfig(HazelcastLeaseStore.LOCKS);
            String rule = maps.getSplitBrainProtectionName();
            SplitBrainProtectionConfig sbp = rule == null ? null
                    : hazelcast.getConfig().getSplitBrainProtectionConfig(rule);
            if (sbp == null || sbp.getMinimumClusterSize() != required) {
                throw new IllegalArgumentException("minimumClusterSize is " + required + " but the member's map '"
                        + HazelcastLeaseStore.LOCKS + "' has no split-brain protection of that size; start members "
                        + "with HazelcastMembers.embedded(...minimumClusterSize(" + required + ")) or "
                        + "HazelcastMembers.configure(config, " + required + ")");
            }
        }
        return hazelcast;
    }

    /**
     * Checks the member's effective settings for what a linearizable counter needs to never acknowledge an
     * increment it might lose: enough synchronous backups of the counters' map that every majority holds a copy
     * ({@link HazelcastMembers#syncBackupCount(int)}), and invocations that fail, rather than succeed, when those
     * backups do not acknowledge within the backup timeout ({@link ClusterProperty#FAIL_ON_INDETERMINATE_OPERATION_STATE}).
     *
     * @return what is missing, or {@code null} if nothing is
     */
    private static String counterRefusal(HazelcastInstance hazelcast, CoordinationConfig config) {
        List<String> problems = new ArrayList<>();
        if (!new HazelcastProperties(hazelcast.getConfig())
                .getBoolean(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE)) {
            problems.add("the member property " + ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName()
                    + " is not true, so an increment whose backup never answered would be acknowledged anyway");
        }
        int needed = Math.max(1, config.minimumClusterSize() - 1);
        int backups = hazelcast.getConfig().findMapConfig(COUNTERS).getBackupCount();
        if (backups < needed) {
            problems.add("the map '" + COUNTERS + "' has " + backups + " synchronous backup(s), fewer than the "
                    + needed + " that minimumClusterSize " + config.minimumClusterSize() + " needs");
        }
        if (problems.isEmpty()) {
            return null;
        }
        return "linearizable counters are not available on this member: " + String.join("; ", problems)
                + ". Start members with HazelcastMembers.embedded(...) or prepare their Config with "
                + "HazelcastMembers.configure(config, " + config.minimumClusterSize() + ") before starting them";
    }

    /**
     * Frees a dead member's leases; registered only when release on member loss is on. A release the cluster
     * refuses now (this member cannot confirm its minimum size, or the partition table still names the dead member)
     * is kept and retried after this member merges back into the majority, rather than dropped; the partition owner
     * frees nothing of a member it still lists ({@link ReleaseOwnedByProcessor}), so a retry can never free the
     * leases of a member that is alive.
     */
    private static final class MemberLossListener implements MembershipListener {

        private final HazelcastInstance hazelcast;
        private final HazelcastLeaseStore store;
        private final Runnable afterRelease;
        private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

        MemberLossListener(HazelcastInstance hazelcast, HazelcastLeaseStore store, Runnable afterRelease) {
            this.hazelcast = hazelcast;
            this.store = store;
            this.afterRelease = afterRelease;
        }

        @Override
        public void memberAdded(MembershipEvent event) {
            // a new member simply competes
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            release(event.getMember().getUuid(), event.getMember().toString());
            afterRelease.run();
        }

        /** Retries the releases the cluster refused; called after this member merged into another cluster. */
        void retryPending() {
            for (UUID uuid : List.copyOf(pending)) {
                if (pending.remove(uuid)) {
                    release(uuid, uuid.toString());
                }
            }
        }

        private void release(UUID uuid, String member) {
            if (isMember(uuid)) {
                LOG.info("member {} is listed again; its leases are left alone", member);
                return;
            }
            // Right after a member is removed the partition table may still name it, and the partition-wide
            // operation fails with TargetNotMemberException: retry briefly rather than wait for lease expiry.
            for (int attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt++) {
                try {
                    long freed = store.releaseOwnedBy(uuid + ":");
                    LOG.info("member {} left; released {} of its leases", member, freed);
                    return;
                } catch (RuntimeException e) {
                    if (attempt == RELEASE_ATTEMPTS || refusedBySplitBrainProtection(e)) {
                        pending.add(uuid);
                        LOG.warn("member {} left; its leases could not be released now ({}): they expire after "
                                + "their lease time, and the release is retried after a merge", member, e.toString());
                        return;
                    }
                    try {
                        Thread.sleep(RELEASE_RETRY_MILLIS * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        pending.add(uuid);
                        return;
                    }
                }
            }
        }

        private boolean isMember(UUID uuid) {
            return hazelcast.getLifecycleService().isRunning()
                    && hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(uuid));
        }

        private static boolean refusedBySplitBrainProtection(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SplitBrainProtectionException) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public CoordinationException translate(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SplitBrainProtectionException) {
                return new ClusterBelowMinimumSizeException(what, config.minimumClusterSize(), t);
            }
            if (t instanceof IndeterminateOperationStateException) {
                return new IndeterminateUpdateException(what, t);
            }
            if (t instanceof CoordinationException ce) {
                return ce;
            }
        }
        return null;
    }

    /**
     * The counters' map, unless the member's settings cannot keep linearizable counters safe.
     *
     * @throws IllegalStateException naming what is missing (see {@link #counterRefusal})
     */
    @Override
    public CounterStore counterStore() {
        if (counterRefusal != null) {
            throw new IllegalStateException(counterRefusal);
        }
        return counterStore;
    }

    @Override
    public EventualCounter eventualCounter(String name) {
        PNCounter counter = hazelcast.getPNCounter("foundation.coordination." + name);
        return Backend.eventualCounter(name, counter::get, counter::addAndGet);
    }

    @Override
    public <T, R> void registerWork(String taskName, WorkFunction<T, R> function) {
        member.work().register(this, taskName, function);
        registeredHere.add(taskName);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> List<UnitOutcome<R>> runUnits(String taskName, List<WorkUnit<T>> units) {
        IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
        long timeoutNanos = config.unitTimeout().toNanos();
        List<Future<WorkReply>> futures = new ArrayList<>();
        Map<String, Member> targets = new ConcurrentHashMap<>();
        List<Long> starts = new ArrayList<>();
        for (WorkUnit<T> unit : units) {
            starts.add(System.nanoTime());
            futures.add(submit(executor, taskName, unit, null, targets));
        }
        List<UnitOutcome<R>> outcomes = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            WorkUnit<T> unit = units.get(i);
            Future<WorkReply> future = futures.get(i);
            long start = starts.get(i);
            int attempts = 1;
            while (true) {
                try {
                    long left = start + timeoutNanos - System.nanoTime();
                    WorkReply reply = future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (reply.error() == null) {
                        metrics.unit(taskName, "success");
                        outcomes.add(new UnitOutcome<>(unit.id(), (R) reply.result(), null, reply.memberId(), attempts));
                    } else {
                        metrics.unit(taskName, "failure");
                        outcomes.add(new UnitOutcome<>(unit.id(), null, reply.error(), reply.memberId(), attempts));
                    }
                    break;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    LOG.debug("task '{}': unit '{}' failed", taskName, unit.id(), e);
                    if (isMemberLoss(e) && attempts < config.maxUnitAttempts()) {
                        LOG.info("task '{}': member running unit '{}' left ({}); resubmitting", taskName, unit.id(),
                                cause.toString());
                        metrics.unitReassigned(taskName);
                        attempts++;
                        start = System.nanoTime();
                        future = submit(executor, taskName, unit, targets.get(unit.id()), targets);
                        continue;
                    }
                    metrics.unit(taskName, "failure");
                    outcomes.add(new UnitOutcome<>(unit.id(), null, WorkRegistry.describe(cause), null,
                            attempts));
                    break;
                } catch (TimeoutException e) {
                    future.cancel(true);
                    metrics.unit(taskName, "timeout");
                    outcomes.add(new UnitOutcome<>(unit.id(), null, "timed out after " + config.unitTimeout()
                            + " (attempt " + attempts + ")", null, attempts));
                    break;
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new CoordinationInterruptedException("finish task '" + taskName + "'", e);
                }
            }
        }
        return outcomes;
    }

    /**
     * Sends a unit to the member owning its id's partition. The call targets that member rather than the partition,
     * so Hazelcast does not silently re-run it elsewhere when the member dies: {@link #runUnits} sees the member
     * loss, counts the attempt and resubmits.
     */
    private <T> Future<WorkReply> submit(IExecutorService executor, String taskName, WorkUnit<T> unit, Member failed,
                                         Map<String, Member> targets) {
        Set<Member> live = hazelcast.getCluster().getMembers();
        Member target = hazelcast.getPartitionService().getPartition(unit.id()).getOwner();
        if (target == null || !live.contains(target) || target.equals(failed)) {
            target = live.stream().filter(m -> !m.equals(failed)).findFirst()
                    .orElseThrow(() -> new CoordinationException("no live member to run unit '" + unit.id() + "'"));
        }
        targets.put(unit.id(), target);
        return executor.submitToMember(new WorkTask(taskName, unit.id(), unit.payload()), target);
    }

    private static boolean isMemberLoss(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String n = t.getClass().getName();
            if (n.equals("com.hazelcast.core.MemberLeftException")
                    || n.equals("com.hazelcast.core.HazelcastInstanceNotActiveException")
                    || n.equals("com.hazelcast.spi.exception.TargetNotMemberException")
                    || n.equals("com.hazelcast.spi.exception.TargetDisconnectedException")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (guardStarted) {
            guardStarted = false;
            member.guardStopped();
        }
        calls.shutdown();
        renewals.shutdown();
        registeredHere.forEach(task -> member.work().unregister(this, task));
        if (hazelcast.getLifecycleService().isRunning()) {
            if (membershipRegistration != null) {
                hazelcast.getCluster().removeMembershipListener(membershipRegistration);
            }
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
        }
    }

    /**
     * The maps' split-brain protection, for tests and diagnostics.
     *
     * @return the protection name or {@code null}
     */
    String splitBrainProtectionName() {
        return hazelcast.getConfig().getMapConfig(HazelcastMembers.MAP_PATTERN).getSplitBrainProtectionName();
    }
}

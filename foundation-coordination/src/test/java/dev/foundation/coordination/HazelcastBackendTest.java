package dev.foundation.coordination;

import dev.foundation.core.testing.MutableClock;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What only the Hazelcast backend has: member loss, backups, split-brain protection, the member factory. */
class HazelcastBackendTest {

    private final TestClusters cluster = new TestClusters();
    private final List<Coordination> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);

    @AfterEach
    void tearDown() throws InterruptedException {
        unblock.countDown();
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        opened.forEach(Coordination::close);
        cluster.close();
    }

    private Coordination coordination(HazelcastInstance hz, CoordinationConfig config) {
        Coordination c = Coordination.hazelcast(hz, config);
        opened.add(c);
        return c;
    }

    /** Waits until every partition has its backups and no migration runs, as seen by {@code member}. */
    private static void awaitClusterSafe(HazelcastInstance member) {
        await().atMost(Duration.ofSeconds(30)).until(() -> member.getPartitionService().isClusterSafe());
    }

    /**
     * Holds the partition thread of its key until released, as an owner that stopped answering does. Each test names
     * its own hold; the latches are looked up by that name, since Hazelcast may run a copy of the processor.
     */
    static final class HoldingProcessor<V> implements com.hazelcast.map.EntryProcessor<String, V, V> {
        private static final long serialVersionUID = 1L;
        private static final java.util.Map<String, CountDownLatch[]> LATCHES =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final String hold;

        HoldingProcessor(String hold) {
            this.hold = hold;
        }

        private static CountDownLatch[] latches(String hold) {
            return LATCHES.computeIfAbsent(hold, h -> new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1)});
        }

        static boolean awaitEntered(String hold) throws InterruptedException {
            return latches(hold)[0].await(10, TimeUnit.SECONDS);
        }

        static void release(String hold) {
            latches(hold)[1].countDown();
        }

        @Override
        public V process(java.util.Map.Entry<String, V> entry) {
            latches(hold)[0].countDown();
            try {
                latches(hold)[1].await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return entry.getValue();
        }
    }

    @Test
    void aCounterUpdateWithoutAnAnswer_failsWithinTheOperationTimeout_asIndeterminate() throws Exception {
        // Hazelcast's own call timeout is 60 s: a counter call to an owner that does not answer must still give
        // up after operationTimeout, and say that the update may yet be applied
        HazelcastInstance hz = cluster.start();
        Coordination c = coordination(hz, CoordinationConfig.custom().operationTimeout(Duration.ofMillis(500)).build());
        Counter counter = c.counter("slow");
        com.hazelcast.map.IMap<String, Long> map = hz.getMap("foundation.coordination.counters");
        try {
            map.submitToKey("slow", new HoldingProcessor<>("counter"));
            assertThat(HoldingProcessor.awaitEntered("counter")).isTrue();
            Future<Long> update = pool.submit(() -> counter.incrementAndGet());
            assertThatThrownBy(() -> update.get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(IndeterminateUpdateException.class)
                    .hasMessageContaining("update counter 'slow'")
                    .hasMessageContaining("operation timeout (PT0.5S)")
                    .hasMessageContaining("may or may not have been applied");
            assertThatThrownBy(counter::get).isInstanceOf(CoordinationException.class)
                    .hasMessageContaining("read counter 'slow'");
        } finally {
            HoldingProcessor.release("counter");
        }
        // the update was queued on the owner, not lost: it applies once the owner answers again
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.get() == 1);
        assertThat(counter.incrementAndGet()).isEqualTo(2);
    }

    @Test
    void heldLocksAndTerms_keepRenewing_whileEveryCallThreadWaitsForAnOwnerThatDoesNotAnswer() throws Exception {
        // Hundreds of acquires against a partition whose owner does not answer (its thread held) fill the call pool
        // (256 running, the rest queued). A lock and a term held on a healthy partition must still renew: their
        // renewals run on a lane of their own, not queued behind calls that wait up to Hazelcast's 60 s.
        Config config = HazelcastMembers.config(cluster.settings());
        config.setProperty(ClusterProperty.PARTITION_OPERATION_THREAD_COUNT.getName(), "2");
        HazelcastInstance hz = com.hazelcast.core.Hazelcast.newHazelcastInstance(config);
        try {
            int stalledThread = hz.getPartitionService().getPartition("stalled").getPartitionId() % 2;
            String healthy = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "healthy-" + i)
                    .filter(n -> hz.getPartitionService().getPartition(n).getPartitionId() % 2 != stalledThread)
                    .findFirst().orElseThrow();
            Coordination c = coordination(hz, CoordinationConfig.custom().operationTimeout(Duration.ofMillis(500))
                    .leaderLease(Duration.ofSeconds(6)).build());
            CoordinationKit.RecordingListener listener = new CoordinationKit.RecordingListener();
            LeaderElection election = c.election(healthy, listener);
            await().atMost(Duration.ofSeconds(20)).until(election::isLeader);
            LockLease lease = c.lock(healthy).acquire(Duration.ofSeconds(5), Duration.ofSeconds(6));
            try {
                hz.<String, Object>getMap("foundation.coordination.locks").submitToKey("stalled",
                        new HoldingProcessor<>("renewal-lane"));
                assertThat(HoldingProcessor.awaitEntered("renewal-lane")).isTrue();
                for (int i = 0; i < 300; i++) {
                    pool.submit(() -> c.lock("stalled").tryAcquire(Duration.ZERO, Duration.ofSeconds(60)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("foundation-coordination-call-")).count()
                        >= 256);
                // two and a half lease lengths with every call thread taken: both keep renewing (renewals every
                // 2 s, so a loaded machine has seconds of slack; queued behind the stuck calls they wait 60 s)
                await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                        .until(() -> lease.isValid() && election.isLeader());
                assertThat(listener.events).singleElement().asString().startsWith("elected:");
            } finally {
                HoldingProcessor.release("renewal-lane");
            }
            lease.close();
        } finally {
            hz.getLifecycleService().terminate();
        }
    }

    @Test
    void aLockGrantWithoutAnAnswer_failsWithinTheOperationTimeout_andIsGivenBackWhenItArrives() throws Exception {
        // the grant waits for the owner's partition thread; the caller gives up after operationTimeout (not
        // Hazelcast's 60 s call timeout), and the grant, stored once the owner answers, must not keep the lock from
        // others for its whole 60 s lease
        HazelcastInstance hz = cluster.start();
        Coordination c = coordination(hz, CoordinationConfig.custom().operationTimeout(Duration.ofMillis(500)).build());
        com.hazelcast.map.IMap<String, Object> map = hz.getMap("foundation.coordination.locks");
        try {
            map.submitToKey("slow", new HoldingProcessor<>("lock-grant"));
            assertThat(HoldingProcessor.awaitEntered("lock-grant")).isTrue();
            Future<Optional<LockLease>> attempt = pool.submit(() -> c.lock("slow").tryAcquire(Duration.ZERO,
                    Duration.ofSeconds(60)));
            assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(CoordinationException.class)
                    .hasMessageContaining("acquire lock 'slow'")
                    .hasMessageContaining("PT0.5S");
        } finally {
            HoldingProcessor.release("lock-grant");
        }
        // well within the abandoned grant's 60 s lease, the lock is free again
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Optional<LockLease> lease = c.lock("slow").tryAcquire(Duration.ZERO, Duration.ofSeconds(5));
            lease.ifPresent(LockLease::close);
            return lease.isPresent();
        });
    }

    @Test
    void splitBrainProtection_refusesLocksCountersAndLeadership_belowMinimumClusterSize() throws Exception {
        TestClusters small = new TestClusters(EmbeddedMemberConfig.forTesting().minimumClusterSize(3).build());
        try {
            List<HazelcastInstance> two = small.start(2);
            CoordinationConfig config = CoordinationConfig.custom().minimumClusterSize(3)
                    .leaderLease(Duration.ofMillis(300)).build();
            Coordination c = coordination(two.get(0), config);
            assertThatThrownBy(() -> c.lock("guarded").tryAcquire(Duration.ZERO, Duration.ofSeconds(5)))
                    .isInstanceOf(ClusterBelowMinimumSizeException.class)
                    .hasMessageContaining("acquire lock 'guarded'")
                    .hasMessageContaining("minimum of 3");
            assertThatThrownBy(() -> c.counter("guarded").incrementAndGet())
                    .isInstanceOf(ClusterBelowMinimumSizeException.class);
            LeaderElection e = c.election("guarded", new CoordinationKit.RecordingListener());
            assertThatThrownBy(e::currentLeader).isInstanceOf(ClusterBelowMinimumSizeException.class);
            assertThat(e.isLeader()).isFalse();

            small.start();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(ClusterBelowMinimumSizeException.class)
                    .until(() -> {
                        Optional<LockLease> lease = c.lock("guarded").tryAcquire(Duration.ZERO, Duration.ofSeconds(5));
                        lease.ifPresent(LockLease::close);
                        return lease.isPresent();
                    });
            await().atMost(Duration.ofSeconds(20)).until(e::isLeader);
        } finally {
            opened.forEach(Coordination::close);
            opened.clear();
            small.close();
        }
    }

    @Test
    void minimumClusterSize_isRejected_whenMembersHaveNoMatchingProtection() {
        HazelcastInstance hz = cluster.start();
        assertThatThrownBy(() -> Coordination.hazelcast(hz, CoordinationConfig.custom().minimumClusterSize(2).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimumClusterSize is 2")
                .hasMessageContaining("HazelcastMembers.configure");
    }

    @Test
    void twoCoordinationsOnOneMember_keepTheirOwnClock() {
        HazelcastInstance hz = cluster.start();
        MutableClock later = new MutableClock(clock.millis() + Duration.ofMinutes(10).toMillis());
        Coordination first = coordination(hz, CoordinationConfig.custom().clock(clock).build());
        Coordination third = coordination(hz, CoordinationConfig.custom().clock(clock).build());
        Coordination second = coordination(hz, CoordinationConfig.custom().clock(later).build()); // created last

        // A one-minute lease granted on the first clock is still held on that clock, although the second
        // coordination (created later, on this member) runs ten minutes ahead: its clock did not replace the first's.
        LockLease held = first.lock("clocked").acquire(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(third.lock("clocked").tryAcquire(Duration.ZERO, Duration.ofMinutes(1))).isEmpty();
        LockLease late = second.lock("clocked").acquire(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(late.fencingToken()).isGreaterThan(held.fencingToken());
        late.close();

    }

    @Test
    void lockOfCrashedMember_isReleasedAfterFailureDetection_notAfterItsLease() throws Exception {
        List<HazelcastInstance> members = cluster.start(3);
        TestClusters.awaitSettled(members);
        CoordinationConfig config = CoordinationConfig.custom().clock(clock).build();
        Coordination doomed = coordination(members.get(0), config);
        Coordination survivor = coordination(members.get(1), config);
        coordination(members.get(2), config);
        LockLease held = doomed.lock("crash").acquire(Duration.ZERO, Duration.ofMinutes(10));
        // The fake clock stands still, so a lost lease record would give the same clock-floor token again:
        // wait until the record's synchronous backup exists before killing the member that may own it.
        awaitClusterSafe(members.get(1));

        long killed = System.nanoTime();
        members.get(0).getLifecycleService().terminate();
        LockLease next = pool.submit(() -> survivor.lock("crash").acquire(Duration.ofSeconds(30), Duration.ofMinutes(1)))
                .get(40, TimeUnit.SECONDS);
        Duration failover = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        assertThat(failover).isLessThan(Duration.ofMinutes(1)); // the fake clock never reaches the 10 min lease
        next.close();
    }

    @Test
    void fencingTokens_surviveTheDeathOfThePartitionOwner_viaTheSynchronousBackup() throws Exception {
        List<HazelcastInstance> members = cluster.start(3);
        TestClusters.awaitSettled(members);
        CoordinationConfig config = CoordinationConfig.custom().clock(clock).releaseOnMemberLoss(true).build();
        List<Coordination> coords = new ArrayList<>();
        for (HazelcastInstance hz : members) {
            coords.add(coordination(hz, config));
        }
        String name = "backed-up";
        long last = 0;
        for (int i = 0; i < 3; i++) {
            try (LockLease l = coords.get(i).lock(name).acquire(Duration.ofSeconds(5), Duration.ofSeconds(30))) {
                last = l.fencingToken();
            }
        }
        Member owner = members.get(0).getPartitionService().getPartition(name).getOwner();
        int ownerIndex = -1;
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getCluster().getLocalMember().equals(owner)) {
                ownerIndex = i;
            }
        }
        assertThat(ownerIndex).isNotNegative();
        awaitClusterSafe(members.get(0));
        members.get(ownerIndex).getLifecycleService().terminate();
        Coordination survivor = coords.get((ownerIndex + 1) % 3);
        LockLease after = pool.submit(() -> survivor.lock(name).acquire(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .get(40, TimeUnit.SECONDS);
        // Exactly the next token: the record came from the backup, not from the clock floor of a lost record.
        assertThat(after.fencingToken()).isEqualTo(last + 1);
        after.close();
    }

    @Test
    void counterValues_surviveTheDeathOfThePartitionOwner_viaTheBackupOfEveryKindOfUpdate() throws Exception {
        List<HazelcastInstance> members = cluster.start(3);
        TestClusters.awaitSettled(members);
        CoordinationConfig config = CoordinationConfig.custom().clock(clock).build();
        List<Coordination> coords = new ArrayList<>();
        for (HazelcastInstance hz : members) {
            coords.add(coordination(hz, config));
        }
        String name = "backed-up-counter";
        Counter counter = coords.get(0).counter(name);
        assertThat(counter.addAndGet(41)).isEqualTo(41);     // add: its backup stores 41
        assertThat(counter.compareAndSet(41, 100)).isTrue(); // compare-and-set: its backup stores 100
        assertThat(counter.compareAndSet(41, 7)).isFalse();  // a failed one sends no backup and changes nothing
        Member owner = members.get(0).getPartitionService().getPartition(name).getOwner();
        int ownerIndex = -1;
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getCluster().getLocalMember().equals(owner)) {
                ownerIndex = i;
            }
        }
        assertThat(ownerIndex).isNotNegative();
        members.get(ownerIndex).getLifecycleService().terminate();
        Counter survivor = coords.get((ownerIndex + 1) % 3).counter(name);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> survivor.get() == 100);
        assertThat(survivor.addAndGet(1)).isEqualTo(101);
    }

    @Test
    void leaderOfCrashedMember_isReplaced_withHigherTerm() throws Exception {
        List<HazelcastInstance> members = cluster.start(3);
        TestClusters.awaitSettled(members);
        CoordinationConfig config = CoordinationConfig.custom().leaderLease(Duration.ofMinutes(5)).clock(clock).build();
        List<CoordinationKit.RecordingListener> listeners = new ArrayList<>();
        List<LeaderElection> elections = new ArrayList<>();
        for (HazelcastInstance hz : members) {
            CoordinationKit.RecordingListener l = new CoordinationKit.RecordingListener();
            listeners.add(l);
            elections.add(coordination(hz, config).election("failover", l));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> elections.stream().filter(LeaderElection::isLeader).count() == 1);
        int leader = elections.indexOf(elections.stream().filter(LeaderElection::isLeader).findFirst().orElseThrow());
        long term = CoordinationKit.firstElected(listeners.get(leader)).term();
        // The first grant may land while partitions of the new cluster still migrate, before its backup exists;
        // the test clock stands still, so a lost record would give the next leader the same clock-floor term.
        awaitClusterSafe(members.get(0));
        members.get(leader).getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 3; i++) {
                if (i != leader && elections.get(i).isLeader()) {
                    return true;
                }
            }
            return false;
        });
        int next = java.util.stream.IntStream.range(0, 3).filter(i -> i != leader && elections.get(i).isLeader())
                .findFirst().orElseThrow();
        assertThat(CoordinationKit.firstElected(listeners.get(next)).term()).isGreaterThan(term);
    }

    @Test
    void distribute_resubmitsUnits_whoseMemberDied() throws Exception {
        List<HazelcastInstance> members = cluster.start(3);
        TestClusters.awaitSettled(members);
        CoordinationConfig config = CoordinationConfig.custom().unitTimeout(Duration.ofSeconds(30)).build();
        Coordination caller = coordination(members.get(0), config);
        coordination(members.get(1), config).registerWork("echo", (WorkFunction<String, String>) u -> "ok:" + u.id());
        CountDownLatch started = new CountDownLatch(1);
        coordination(members.get(2), config).registerWork("echo", (WorkFunction<String, String>) u -> {
            started.countDown();
            unblock.await(60, TimeUnit.SECONDS);
            return "doomed:" + u.id();
        });
        // Pick unit ids whose partition is owned by the member that will die, plus some elsewhere,
        // once migrations are over, so that the owners read here are the owners at submission.
        awaitClusterSafe(members.get(0));
        Member doomed = members.get(2).getCluster().getLocalMember();
        List<WorkUnit<String>> units = new ArrayList<>();
        int onDoomed = 0;
        for (int i = 0; units.size() < 6; i++) {
            String id = "unit-" + i;
            boolean there = members.get(0).getPartitionService().getPartition(id).getOwner().equals(doomed);
            if (there && onDoomed < 2) {
                onDoomed++;
                units.add(new WorkUnit<>(id, id));
            } else if (!there && units.size() - onDoomed < 4) {
                units.add(new WorkUnit<>(id, id));
            }
        }
        Future<WorkResults<String>> result = pool.submit(() -> caller.distribute("echo", units,
                (WorkFunction<String, String>) u -> "ok:" + u.id(), r -> r));
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        members.get(2).getLifecycleService().terminate();
        WorkResults<String> results = result.get(60, TimeUnit.SECONDS);
        assertThat(results.allSucceeded()).as(results.toString()).isTrue();
        for (UnitOutcome<String> o : results.outcomes()) {
            assertThat(o.result()).isEqualTo("ok:" + o.unitId());
            assertThat(o.memberId()).isNotEqualTo(doomed.getUuid().toString());
        }
        assertThat(results.outcomes().stream().filter(o -> o.attempts() == 2).count()).isEqualTo(2);
    }

    @Test
    void distribute_reportsMissingFunction_onTheMemberThatLacksIt() {
        List<HazelcastInstance> members = cluster.start(2);
        Coordination caller = coordination(members.get(0), CoordinationConfig.defaults());
        coordination(members.get(1), CoordinationConfig.defaults());
        List<WorkUnit<Integer>> units = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            units.add(new WorkUnit<>("k" + i, i));
        }
        WorkResults<Integer> r = caller.distribute("only-here", units, u -> u.payload(), x -> x);
        assertThat(r.failures()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.error()).contains("no work function is registered for task 'only-here'"));
        assertThat(r.successes()).isNotEmpty();
    }

    @Test
    void embeddedMemberConfig_hasSafeDefaults() {
        Config config = HazelcastMembers.config(EmbeddedMemberConfig.builder().build());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(config.getClusterName()).isEqualTo("foundation");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).startsWith("127.0.0.1:5701");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(config.getSerializationConfig().getJavaSerializationFilterConfig()).isNotNull();
        assertThat(config.getSerializationConfig().getJavaSerializationFilterConfig().getWhitelist().getPrefixes())
                .contains("dev.foundation.");
        assertThat(config.getMapConfig("foundation.coordination.locks").getBackupCount()).isEqualTo(1);
        assertThat(config.getMapConfig("foundation.coordination.locks").getAsyncBackupCount()).isZero();

        Config k8s = HazelcastMembers.config(EmbeddedMemberConfig.builder()
                .kubernetesServiceDns("app-hz.default.svc.cluster.local").build());
        assertThat(k8s.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
        assertThat(k8s.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
    }

    @Test
    void configure_keepsMinimumClusterSizeMinusOneSyncBackups_andFailsUnacknowledgedUpdates() {
        assertThat(HazelcastMembers.configure(new Config(), 1).getMapConfig(HazelcastMembers.MAP_PATTERN)
                .getBackupCount()).isEqualTo(1);
        Config five = HazelcastMembers.configure(new Config(), 3);
        assertThat(five.getMapConfig(HazelcastMembers.MAP_PATTERN).getBackupCount()).isEqualTo(2);
        assertThat(five.getMapConfig(HazelcastMembers.MAP_PATTERN).getAsyncBackupCount()).isZero();
        assertThat(five.getProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName()))
                .isEqualTo("true");
        Config optedOut = new Config();
        optedOut.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "false");
        assertThat(HazelcastMembers.configure(optedOut, 2)
                .getProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName()))
                .as("an explicit choice is kept").isEqualTo("false");
        assertThat(HazelcastMembers.configure(new Config(), 7).getMapConfig(HazelcastMembers.MAP_PATTERN)
                .getBackupCount()).isEqualTo(6);
        assertThatThrownBy(() -> HazelcastMembers.configure(new Config(), 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("minimumClusterSize must be <= 7 but was 8");
        assertThatThrownBy(() -> EmbeddedMemberConfig.builder().minimumClusterSize(8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("minimumClusterSize must be <= 7 but was 8");
    }

    @Test
    void counter_isRefused_onAMemberThatWouldAcknowledgeUnbackedUpdates() {
        Config unsafe = HazelcastMembers.config(cluster.settings());
        unsafe.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "false");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(unsafe);
        try {
            Coordination c = coordination(hz, CoordinationConfig.defaults());
            assertThatThrownBy(() -> c.counter("orders"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("linearizable counters are not available on this member")
                    .hasMessageContaining(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName())
                    .hasMessageContaining("HazelcastMembers.configure(config, 1)");
            // everything else keeps working on such a member
            try (LockLease lease = c.lock("still-works").acquire(Duration.ofSeconds(5), Duration.ofSeconds(5))) {
                assertThat(lease.isValid()).isTrue();
            }
        } finally {
            hz.getLifecycleService().terminate();
        }
    }

    @Test
    void counter_worksOnAnEmbeddedMember_whoseSettingsKeepItSafe() {
        Coordination c = coordination(cluster.start(), CoordinationConfig.defaults());
        assertThat(c.counter("orders").incrementAndGet()).isEqualTo(1);
    }

    @Test
    void embeddedMember_bindsToLoopback_andJoinsOnlyItsOwnCluster() {
        HazelcastInstance a = cluster.start();
        HazelcastInstance b = cluster.start();
        assertThat(a.getCluster().getMembers()).hasSize(2);
        assertThat(a.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
        TestClusters other = new TestClusters(cluster.settings().toBuilder()
                .clusterName(cluster.settings().clusterName() + "-other").build());
        try {
            HazelcastInstance stranger = other.start();
            assertThat(stranger.getCluster().getMembers()).hasSize(1);
            assertThat(b.getCluster().getMembers()).hasSize(2);
        } finally {
            other.close();
        }
    }
}

package dev.foundation.coordination;

import dev.foundation.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every backend must have, written once. A subclass provides {@code n} coordination handles that
 * share one cluster (for the local backend, the same handle).
 */
abstract class CoordinationKit {

    /** The clock every member's lease store uses; tests move it to expire leases. */
    protected final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<Coordination> opened = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

    /**
     * Starts {@code n} members of one fresh cluster with the given settings (clock already set).
     */
    protected abstract List<Coordination> startMembers(int n, CoordinationConfig config);

    /** Stops the cluster's members, after every coordination was closed. */
    protected abstract void stopCluster();

    protected List<Coordination> members(int n, CoordinationConfig.Builder config) {
        List<Coordination> list = startMembers(n, config.clock(clock).build());
        opened.addAll(list);
        return list;
    }

    protected List<Coordination> members(int n) {
        return members(n, CoordinationConfig.custom().leaderLease(Duration.ofSeconds(2)));
    }

    protected ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (Coordination c : opened) {
            c.close();
        }
        stopCluster();
    }

    // ------------------------------------------------------------------ locks

    static final class PlainCounter {
        int value;
    }

    @Test
    void mutualExclusion_keepsPlainCounterExact_withThreadsOnThreeMembers() throws Exception {
        List<Coordination> members = members(3);
        PlainCounter shared = new PlainCounter();
        FencedResource resource = new FencedResource("counter");
        int threadsPerMember = 2;
        int rounds = 25;
        ExecutorService pool = pool(3 * threadsPerMember);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (Coordination member : members) {
            DistributedLock lock = member.lock("mutex");
            for (int t = 0; t < threadsPerMember; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                        try (LockLease lease = lock.acquire(Duration.ofSeconds(30), Duration.ofSeconds(5))) {
                            resource.write(lease.fencingToken(), () -> {
                                int read = shared.value;
                                Thread.yield();
                                shared.value = read + 1;
                            });
                        }
                    }
                    return null;
                }));
            }
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(shared.value).isEqualTo(3 * threadsPerMember * rounds);
        assertThat(resource.rejectedCount()).isZero();
        assertThat(resource.acceptedCount()).isEqualTo(3L * threadsPerMember * rounds);
    }

    @Test
    void fencingToken_increasesWithEveryGrant_acrossMembers() {
        List<Coordination> members = members(3);
        long previous = 0;
        for (int i = 0; i < 9; i++) {
            try (LockLease lease = members.get(i % 3).lock("tokens").acquire(Duration.ofSeconds(5),
                    Duration.ofSeconds(5))) {
                assertThat(lease.fencingToken()).isGreaterThan(previous);
                assertThat(lease.lockName()).isEqualTo("tokens");
                previous = lease.fencingToken();
            }
        }
    }

    @Test
    void reentrantAcquire_bySameThread_sharesTokenAndReleasesAfterOutermostClose() throws Exception {
        Coordination c = members(1).get(0);
        DistributedLock lock = c.lock("reentrant");
        ExecutorService other = pool(1);
        LockLease outer = lock.acquire(Duration.ZERO, Duration.ofSeconds(5));
        LockLease inner = lock.acquire(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
        assertThat(lock.isHeldByCurrentThread()).isTrue();

        inner.close();
        inner.close(); // idempotent: must not release the outer hold
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(other.submit(() -> lock.tryAcquire(Duration.ZERO, Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS))
                .isEmpty();

        outer.close();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        Optional<LockLease> next = other.submit(() -> lock.tryAcquire(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        assertThat(next).isPresent();
        assertThat(next.get().fencingToken()).isGreaterThan(outer.fencingToken());
        next.get().close();
    }

    @Test
    void tryAcquire_returnsEmptyAfterWaiting_whenAnotherMemberHoldsTheLock() throws Exception {
        List<Coordination> members = members(2);
        try (LockLease held = members.get(0).lock("busy").acquire(Duration.ZERO, Duration.ofSeconds(10))) {
            DistributedLock lock = members.get(1).lock("busy");
            Callable timed = () -> {
                long start = System.nanoTime();
                Optional<LockLease> none = lock.tryAcquire(Duration.ofMillis(200), Duration.ofSeconds(5));
                assertThat(none).isEmpty();
                return Duration.ofNanos(System.nanoTime() - start);
            };
            Duration waited = pool(1).submit(timed::call).get(10, TimeUnit.SECONDS);
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThatThrownBy(() -> pool(1).submit(() -> lock.acquire(Duration.ofMillis(50), Duration.ofSeconds(5)))
                    .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("busy");
            assertThat(held.isValid()).isTrue();
        }
    }

    @FunctionalInterface
    interface Callable {
        Duration call() throws Exception;
    }

    @Test
    void waitingAcquirer_getsTheLock_soonAfterRelease() throws Exception {
        List<Coordination> members = members(2);
        LockLease held = members.get(0).lock("handover").acquire(Duration.ZERO, Duration.ofSeconds(10));
        Future<LockLease> waiter = pool(1).submit(() -> members.get(1).lock("handover")
                .acquire(Duration.ofSeconds(20), Duration.ofSeconds(10)));
        held.close();
        LockLease next = waiter.get(20, TimeUnit.SECONDS);
        assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        next.close();
    }

    @Test
    void argumentsAreValidated_eagerly() {
        Coordination c = members(1).get(0);
        DistributedLock lock = c.lock("args");
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wait must be >= 0 but was PT-0.001S");
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ZERO, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease must be >= 30ms");
        assertThatThrownBy(() -> c.lock(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.counter("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.election("e", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void durationsBeyondTheLimit_areRejectedWithIllegalArgumentException_namingTheLimit() {
        Coordination c = members(1).get(0);
        DistributedLock lock = c.lock("huge");
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ZERO, huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease must be at most 36500 days").hasMessageContaining(huge.toString());
        assertThatThrownBy(() -> lock.tryAcquire(huge, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait must be at most 36500 days");
        assertThatThrownBy(() -> CoordinationConfig.custom().leaderLease(huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaderLease must be at most");
        assertThatThrownBy(() -> CoordinationConfig.custom().operationTimeout(huge))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operationTimeout must be at most");
        // the limit itself is accepted
        try (LockLease lease = lock.acquire(CoordinationConfig.MAX_DURATION, CoordinationConfig.MAX_DURATION)) {
            assertThat(lease.isValid()).isTrue();
        }
    }

    @Test
    void linearizableCounter_refusesToOverflow_andKeepsItsValue() {
        Counter counter = members(1).get(0).counter("near-max");
        counter.addAndGet(Long.MAX_VALUE - 1);
        assertThat(counter.incrementAndGet()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(counter::incrementAndGet).isInstanceOf(CounterOverflowException.class)
                .isInstanceOf(CoordinationException.class).hasMessageContaining("near-max");
        assertThat(counter.get()).isEqualTo(Long.MAX_VALUE);
        assertThat(counter.addAndGet(-Long.MAX_VALUE)).isZero();
        assertThat(counter.addAndGet(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> counter.addAndGet(-1)).isInstanceOf(CounterOverflowException.class);
        assertThat(counter.get()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void lostListener_hasBeenCalled_onceIsValidTurnsFalse() throws Exception {
        Coordination c = members(1).get(0);
        CountDownLatch lost = new CountDownLatch(1);
        LockLease lease = c.lock("short", LockOptions.defaults().autoRenew(false)
                .onLost((l, cause) -> lost.countDown())).acquire(Duration.ZERO, Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(30)).until(() -> !lease.isValid());
        // The check that returned false marked the lease lost and handed the call to the listener thread.
        assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();
        lease.close();
    }

    @Test
    void expiredLease_withRenewalStopped_isTakenOverWithHigherToken_andLateWriteIsRejected() throws Exception {
        List<Coordination> members = members(2);
        FencedResource ledger = new FencedResource("ledger");
        LockLease old = members.get(0).lock("expiry", LockOptions.defaults().autoRenew(false))
                .acquire(Duration.ZERO, Duration.ofSeconds(10));
        ledger.write(old.fencingToken(), () -> { });

        assertThat(pool(1).submit(() -> members.get(1).lock("expiry").tryAcquire(Duration.ZERO, Duration.ofSeconds(10)))
                .get(10, TimeUnit.SECONDS)).isEmpty();
        clock.advance(Duration.ofSeconds(11));
        LockLease next = pool(1).submit(() -> members.get(1).lock("expiry")
                .acquire(Duration.ofSeconds(5), Duration.ofSeconds(10))).get(10, TimeUnit.SECONDS);
        assertThat(next.fencingToken()).isGreaterThan(old.fencingToken());
        ledger.write(next.fencingToken(), () -> { });

        assertThatThrownBy(() -> ledger.write(old.fencingToken(), () -> { }))
                .isInstanceOf(StaleTokenException.class)
                .hasMessageContaining("rejected fencing token " + old.fencingToken());
        assertThat(ledger.rejectedCount()).isEqualTo(1);

        old.close(); // no longer the owner: must not free the new holder's lock
        assertThat(pool(1).submit(() -> members.get(0).lock("expiry").tryAcquire(Duration.ZERO, Duration.ofSeconds(1)))
                .get(10, TimeUnit.SECONDS)).isEmpty();
        next.close();
    }

    @Test
    void lostListener_isCalled_whenRenewalFindsAnotherOwner() throws Exception {
        List<Coordination> members = members(2);
        AtomicReference<LockLease> lost = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        LockLease lease = members.get(0).lock("watched", LockOptions.defaults().onLost((l, cause) -> {
            lost.set(l);
            called.countDown();
        })).acquire(Duration.ZERO, Duration.ofMillis(600));
        clock.advance(Duration.ofMinutes(1));
        LockLease thief = pool(1).submit(() -> members.get(1).lock("watched")
                .acquire(Duration.ofSeconds(5), Duration.ofSeconds(30))).get(10, TimeUnit.SECONDS);
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lost.get()).isSameAs(lease);
        assertThat(lease.isValid()).isFalse();
        assertThat(thief.fencingToken()).isGreaterThan(lease.fencingToken());
        lease.close();
        thief.close();
    }

    @Test
    void watchdog_keepsLeaseAlive_pastItsLeaseTime() {
        Coordination c = members(1).get(0);
        // 600 ms leases: the first renewal in a fresh JVM loads classes on both sides, which a shorter lease may
        // not survive when this test runs first
        LockLease lease = c.lock("renewed").acquire(Duration.ZERO, Duration.ofMillis(600));
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - start > 2_400_000_000L);
        assertThat(lease.isValid()).isTrue();
        lease.close();
        assertThat(lease.isValid()).isFalse();
    }

    @Test
    void watchdog_keepsAShortLeaseAlive_afterALongLeaseSetItsPace() {
        Coordination c = members(1).get(0);
        // the first lease renews every 10 s; the watchdog must speed up for the second, which renews every 200 ms
        LockLease slow = c.lock("slow").acquire(Duration.ZERO, Duration.ofSeconds(30));
        LockLease fast = c.lock("fast").acquire(Duration.ZERO, Duration.ofMillis(600));
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - start > 2_400_000_000L);
        assertThat(fast.isValid()).isTrue();
        assertThat(slow.isValid()).isTrue();
        fast.close();
        slow.close();
        assertThat(fast.isValid()).isFalse();
        assertThat(slow.isValid()).isFalse();
    }

    // ------------------------------------------------------------------ elections

    static final class RecordingListener implements LeadershipListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<Leadership> elected = new CopyOnWriteArrayList<>();

        @Override
        public void elected(Leadership leadership) {
            elected.add(leadership);
            events.add("elected:" + leadership.term());
        }

        @Override
        public void revoked(Leadership leadership) {
            events.add("revoked:" + leadership.term());
        }
    }

    /** The first term a listener was told of, waiting for the (asynchronous) call. */
    static Leadership firstElected(RecordingListener listener) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !listener.elected.isEmpty());
        return listener.elected.get(0);
    }

    private static LeaderElection awaitLeader(List<LeaderElection> elections) {
        AtomicReference<LeaderElection> leader = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<LeaderElection> leaders = elections.stream().filter(LeaderElection::isLeader).toList();
            if (leaders.size() == 1) {
                leader.set(leaders.get(0));
                return true;
            }
            return false;
        });
        return leader.get();
    }

    @Test
    void election_hasExactlyOneLeader_andResignHandsOverWithHigherTerm() throws Exception {
        List<Coordination> members = members(3);
        List<RecordingListener> listeners = IntStream.range(0, 3).mapToObj(i -> new RecordingListener()).toList();
        List<LeaderElection> elections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            elections.add(members.get(i).election("scheduler", listeners.get(i)));
        }
        LeaderElection first = awaitLeader(elections);
        int firstIndex = elections.indexOf(first);
        Leadership firstTerm = CoordinationKit.firstElected(listeners.get(firstIndex));
        assertThat(firstTerm.leaderId()).isEqualTo(first.candidateId());
        assertThat(first.currentLeader()).contains(firstTerm);
        assertThat(elections.get((firstIndex + 1) % 3).currentLeader()).contains(firstTerm);

        first.resign();
        assertThat(listeners.get(firstIndex).events.poll(10, TimeUnit.SECONDS))
                .isEqualTo("elected:" + firstTerm.term());
        assertThat(listeners.get(firstIndex).events.poll(10, TimeUnit.SECONDS))
                .isEqualTo("revoked:" + firstTerm.term());
        await().atMost(Duration.ofSeconds(20)).until(() -> elections.stream()
                .anyMatch(e -> e.isLeader() && e != first));
        LeaderElection second = awaitLeader(elections);
        Leadership secondTerm = second.currentLeader().orElseThrow();
        assertThat(secondTerm.term()).isGreaterThan(firstTerm.term());
        assertThat(secondTerm.leaderId()).isEqualTo(second.candidateId());

        second.close();
        LeaderElection third = awaitLeaderOtherThan(elections, second);
        assertThat(third.currentLeader().orElseThrow().term()).isGreaterThan(secondTerm.term());
    }

    private static LeaderElection awaitLeaderOtherThan(List<LeaderElection> elections, LeaderElection excluded) {
        AtomicReference<LeaderElection> leader = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<LeaderElection> leaders = elections.stream().filter(e -> e != excluded && e.isLeader()).toList();
            if (leaders.size() == 1) {
                leader.set(leaders.get(0));
                return true;
            }
            return false;
        });
        return leader.get();
    }

    @Test
    void election_revokesLeader_whoseTermWasTakenAfterItExpired() throws Exception {
        List<Coordination> members = members(2);
        RecordingListener a = new RecordingListener();
        LeaderElection leader = members.get(0).election("expiring", a);
        await().atMost(Duration.ofSeconds(20)).until(leader::isLeader);
        long term = CoordinationKit.firstElected(a).term();
        // Stop the world for the store: the leader's term expires there, and a rival wins a new one.
        clock.advance(Duration.ofMinutes(5));
        RecordingListener b = new RecordingListener();
        LeaderElection rival = members.get(1).election("expiring", b);
        await().atMost(Duration.ofSeconds(20)).until(rival::isLeader);
        assertThat(a.events.poll(10, TimeUnit.SECONDS)).isEqualTo("elected:" + term);
        assertThat(a.events.poll(10, TimeUnit.SECONDS)).isEqualTo("revoked:" + term);
        assertThat(CoordinationKit.firstElected(b).term()).isGreaterThan(term);
        await().atMost(Duration.ofSeconds(5)).until(() -> !leader.isLeader());
    }

    @Test
    void currentLeader_isEmpty_afterTheLeaderClosed_andCloseIsIdempotent() throws Exception {
        Coordination c = members(1).get(0);
        RecordingListener l = new RecordingListener();
        LeaderElection e = c.election("lonely", l);
        await().atMost(Duration.ofSeconds(20)).until(e::isLeader);
        long term = CoordinationKit.firstElected(l).term();
        assertThat(e.currentLeader()).contains(new Leadership("lonely", e.candidateId(), term));
        e.close();
        e.close();
        assertThat(l.events.poll(10, TimeUnit.SECONDS)).isEqualTo("elected:" + term);
        assertThat(l.events.poll(10, TimeUnit.SECONDS)).isEqualTo("revoked:" + term);
        assertThat(l.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(e.isLeader()).isFalse();
        assertThat(e.currentLeader()).isEmpty();
    }

    // ------------------------------------------------------------------ counters

    @Test
    void linearizableCounter_countsEveryIncrement_fromAllMembers() throws Exception {
        List<Coordination> members = members(3);
        ExecutorService pool = pool(6);
        List<Future<?>> done = new ArrayList<>();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 6; i++) {
            Counter counter = members.get(i % 3).counter("orders");
            done.add(pool.submit(() -> {
                for (int k = 0; k < 50; k++) {
                    seen.add(counter.incrementAndGet());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(members.get(0).counter("orders").get()).isEqualTo(300);
        assertThat(seen).hasSize(300); // every increment saw a distinct value: one order
        Counter c = members.get(1).counter("orders");
        assertThat(c.compareAndSet(299, 1)).isFalse();
        assertThat(c.compareAndSet(300, 1)).isTrue();
        assertThat(members.get(2).counter("orders").addAndGet(-1)).isZero();
    }

    @Test
    void eventualCounter_convergesToTheSumOfAllUpdates() {
        List<Coordination> members = members(3);
        for (int i = 0; i < 30; i++) {
            members.get(i % 3).eventualCounter("views").incrementAndGet();
        }
        members.get(0).eventualCounter("views").addAndGet(-5);
        for (Coordination m : members) {
            await().atMost(Duration.ofSeconds(20)).until(() -> m.eventualCounter("views").get() == 25);
        }
    }

    // ------------------------------------------------------------------ work

    @Test
    void distribute_runsEveryUnit_reportsFailuresPerUnit_andReduces() {
        List<Coordination> members = members(3);
        WorkFunction<Integer, Integer> square = unit -> {
            if (unit.payload() < 0) {
                throw new IllegalArgumentException("negative input " + unit.payload());
            }
            return unit.payload() * unit.payload();
        };
        members.forEach(m -> m.registerWork("squares", square));
        List<WorkUnit<Integer>> units = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            units.add(new WorkUnit<>("u" + i, i));
        }
        units.add(new WorkUnit<>("bad", -1));
        WorkResults<Integer> results = members.get(0).distribute("squares", units, square, r -> r);
        assertThat(results.outcomes()).hasSize(11);
        assertThat(results.successes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(385);
        assertThat(results.failures()).singleElement().satisfies(f -> {
            assertThat(f.unitId()).isEqualTo("bad");
            assertThat(f.error()).contains("IllegalArgumentException").contains("negative input -1");
        });
        assertThat(results.allSucceeded()).isFalse();
        int sum = members.get(1).distribute("squares", units.subList(0, 3), square,
                r -> r.successes().values().stream().mapToInt(Integer::intValue).sum());
        assertThat(sum).isEqualTo(14);
    }

    @Test
    void distribute_reportsTimeout_perUnit() {
        List<Coordination> members = members(2, CoordinationConfig.custom().leaderLease(Duration.ofMillis(600))
                .unitTimeout(Duration.ofMillis(300)));
        CountDownLatch never = new CountDownLatch(1);
        WorkFunction<String, String> work = unit -> {
            if (unit.payload().equals("slow")) {
                never.await(30, TimeUnit.SECONDS);
            }
            return unit.payload().toUpperCase(java.util.Locale.ROOT);
        };
        members.forEach(m -> m.registerWork("mixed", work));
        WorkResults<String> r = members.get(0).distribute("mixed",
                List.of(new WorkUnit<>("a", "fast"), new WorkUnit<>("b", "slow")), work, x -> x);
        never.countDown();
        assertThat(r.successes()).containsExactly(java.util.Map.entry("a", "FAST"));
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.error()).contains("timed out"));
    }

    @Test
    void distribute_rejectsDuplicateUnitIds() {
        Coordination c = members(1).get(0);
        assertThatThrownBy(() -> c.distribute("dup", List.of(new WorkUnit<>("x", 1), new WorkUnit<>("x", 2)),
                u -> u.payload(), r -> r))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' appears twice");
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Asks {@code read} on another thread and waits for its answer for at most 10 s, as a listener that hands work
     * to another thread and waits for it would; "deadlock" if no answer came (the other thread is blocked, e.g. by a
     * library lock the listener's caller holds).
     */
    private static String askElsewhere(ExecutorService helper, java.util.concurrent.Callable<String> read) {
        try {
            return helper.submit(read).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "deadlock";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        }
    }

    /**
     * Listeners are called on the coordination's events thread with no library lock held, so a listener may wait
     * (with a deadline) for another thread that uses the same election, including calls that take its monitor.
     */
    @Test
    void leadershipListener_mayWaitForAnotherThreadReadingTheElection_withoutDeadlock() throws Exception {
        Coordination member = members(1).get(0);
        ExecutorService helper = pool(1);
        CompletableFuture<LeaderElection> election = new CompletableFuture<>();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        LeadershipListener listener = new LeadershipListener() {
            @Override
            public void elected(Leadership leadership) {
                seen.add("elected " + askElsewhere(helper, () -> {
                    LeaderElection e = election.get(10, TimeUnit.SECONDS);
                    return e.isLeader() + " " + e.currentLeader().map(Leadership::term).orElse(-1L)
                            .equals(leadership.term());
                }));
            }

            @Override
            public void revoked(Leadership leadership) {
                seen.add("revoked " + askElsewhere(helper, () -> {
                    LeaderElection e = election.get(10, TimeUnit.SECONDS);
                    e.resign(); // takes the election's monitor: blocks if revoked() were called under it
                    e.currentLeader(); // a store read from another thread
                    return String.valueOf(e.isLeader());
                }));
            }
        };
        LeaderElection e = member.election("callbacks", listener);
        election.complete(e);
        assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("elected true true");
        e.resign();
        assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("revoked false");
    }

    @Test
    void lockLostListener_mayWaitForAnotherThreadReadingTheLock_withoutDeadlock() throws Exception {
        Coordination member = members(1).get(0);
        ExecutorService helper = pool(1);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        DistributedLock lock = member.lock("callbacks", LockOptions.defaults().autoRenew(false)
                .onLost((lease, cause) -> seen.add("lost " + askElsewhere(helper,
                        () -> lease.isValid() + " " + member.lock("callbacks").isHeldByCurrentThread()))));
        LockLease lease = lock.acquire(Duration.ZERO, Duration.ofMillis(100));
        assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("lost false false");
        assertThat(lease.isValid()).isFalse();
        lease.close();
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void close_releasesLocksAndLeadership_stopsThreads_andIsIdempotent() throws Exception {
        Set<String> before = threadNames();
        List<Coordination> members = members(2);
        Coordination first = members.get(0);
        first.lock("closing").acquire(Duration.ZERO, Duration.ofSeconds(30));
        LeaderElection e = first.election("closing", new RecordingListener());
        await().atMost(Duration.ofSeconds(20)).until(e::isLeader);
        first.close();
        first.close();
        assertThatThrownBy(() -> first.lock("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        if (members.get(1) != first) {
            Optional<LockLease> taken = pool(1).submit(() -> members.get(1).lock("closing")
                    .tryAcquire(Duration.ofSeconds(5), Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);
            assertThat(taken).isPresent();
            taken.get().close();
            members.get(1).close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> leaked = new java.util.HashSet<>(threadNames());
            leaked.removeAll(before);
            leaked.removeIf(n -> !n.startsWith("foundation-coordination"));
            assertThat(leaked).isEmpty();
        });
    }

    static Set<String> threadNames() {
        Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                names.add(t.getName());
            }
        }
        return Collections.unmodifiableSet(names);
    }
}

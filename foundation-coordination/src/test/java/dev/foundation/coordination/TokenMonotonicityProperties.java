package dev.foundation.coordination;

import dev.foundation.core.testing.MutableClock;
import com.hazelcast.core.HazelcastInstance;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over random interleavings of acquire, release and clock advances (expiry) by three clients, on both backends:
 * a grant happens exactly when the lock is free or expired for longer than the store's safety margin
 * ({@code clockDriftRate x lease}), and every grant's token is strictly higher than all
 * earlier ones.
 */
class TokenMonotonicityProperties {

    private static final long LEASE_MILLIS = 60_000;
    private static final long MARGIN_MILLIS =
            (long) Math.ceil(LEASE_MILLIS * CoordinationConfig.DEFAULT_CLOCK_DRIFT_RATE);
    private static final int CLIENTS = 3;

    private static MutableClock clock;
    private static TestClusters cluster;
    private static List<Coordination> hazelcast;
    private static Coordination local;
    private static List<ExecutorService> clientThreads;

    @BeforeContainer
    static void start() {
        clock = new MutableClock(1_700_000_000_000L);
        CoordinationConfig config = CoordinationConfig.custom().clock(clock).build();
        cluster = new TestClusters();
        hazelcast = new ArrayList<>();
        List<HazelcastInstance> members = cluster.start(2);
        TestClusters.awaitSettled(members);
        for (HazelcastInstance hz : members) {
            hazelcast.add(Coordination.hazelcast(hz, config));
        }
        local = Coordination.local(config);
        clientThreads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clientThreads.add(Executors.newSingleThreadExecutor());
        }
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        for (ExecutorService e : clientThreads) {
            e.shutdownNow();
            e.awaitTermination(10, TimeUnit.SECONDS);
        }
        hazelcast.forEach(Coordination::close);
        local.close();
        cluster.close();
    }

    sealed interface Action permits Acquire, Release, Advance {
    }

    record Acquire(int client) implements Action {
    }

    record Release(int client) implements Action {
    }

    record Advance(long millis) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> client = Arbitraries.integers().between(0, CLIENTS - 1);
        Arbitrary<Action> acquire = client.map(Acquire::new);
        Arbitrary<Action> release = client.map(Release::new);
        Arbitrary<Action> advance = Arbitraries.longs().between(0, LEASE_MILLIS * 3 / 2).map(Advance::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(Tuple.of(4, acquire), Tuple.of(3, release),
                Tuple.of(2, advance));
        return action.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 100)
    void tokensStrictlyIncrease_andGrantsFollowTheModel_local(@ForAll("actions") List<Action> actions) throws Exception {
        check(actions, List.of(local, local, local));
    }

    @Property(tries = 40)
    void tokensStrictlyIncrease_andGrantsFollowTheModel_hazelcast(@ForAll("actions") List<Action> actions)
            throws Exception {
        check(actions, List.of(hazelcast.get(0), hazelcast.get(1), hazelcast.get(0)));
    }

    private void check(List<Action> actions, List<Coordination> clients) throws Exception {
        String name = "prop-" + UUID.randomUUID();
        LockLease[] leases = new LockLease[CLIENTS];
        int holder = -1;
        long holderExpiry = 0;
        long maxToken = 0;
        try {
            for (Action action : actions) {
                if (action instanceof Acquire a) {
                    if (leases[a.client()] != null) {
                        continue;
                    }
                    // an expired lease is granted to someone else only after the store's safety margin as well
                    boolean free = holder < 0 || clock.millis() >= holderExpiry + MARGIN_MILLIS;
                    DistributedLock lock = clients.get(a.client()).lock(name, LockOptions.defaults().autoRenew(false));
                    Optional<LockLease> got = clientThreads.get(a.client())
                            .submit(() -> lock.tryAcquire(Duration.ZERO, Duration.ofMillis(LEASE_MILLIS)))
                            .get(30, TimeUnit.SECONDS);
                    assertThat(got.isPresent()).as("grant to client %s when free=%s", a.client(), free).isEqualTo(free);
                    if (got.isPresent()) {
                        assertThat(got.get().fencingToken()).isGreaterThan(maxToken);
                        maxToken = got.get().fencingToken();
                        leases[a.client()] = got.get();
                        holder = a.client();
                        holderExpiry = clock.millis() + LEASE_MILLIS;
                    }
                } else if (action instanceof Release r) {
                    LockLease lease = leases[r.client()];
                    if (lease == null) {
                        continue;
                    }
                    lease.close();
                    leases[r.client()] = null;
                    if (holder == r.client()) {
                        holder = -1;
                    }
                } else if (action instanceof Advance adv) {
                    clock.advance(Duration.ofMillis(adv.millis()));
                }
            }
        } finally {
            for (LockLease lease : leases) {
                if (lease != null) {
                    lease.close();
                }
            }
        }
    }
}

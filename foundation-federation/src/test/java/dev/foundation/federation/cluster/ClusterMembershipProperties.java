package dev.foundation.federation.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.federation.Federation;
import dev.foundation.federation.PoolHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random registrations, re-registrations and deregistrations issued from three Hazelcast members, alone or two at
 * once from different members, against a model: a registration of a name another member owns is refused, the
 * owner's re-registration updates it, after every step every member's federation converges to exactly the
 * registered pools (name, weight, locality, capacity), and every pool that was removed or replaced on a member was
 * handed to {@code onRemoved} there.
 */
class ClusterMembershipProperties {

    private static final List<String> NAMES = List.of("p0", "p1", "p2");
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);
    private static final AtomicInteger FEDERATIONS = new AtomicInteger();

    private static List<HazelcastInstance> nodes;
    private static ExecutorService pool;

    @BeforeContainer
    static void startMembers() {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting().build();
        nodes = List.of(HazelcastMembers.embedded(settings), HazelcastMembers.embedded(settings),
                HazelcastMembers.embedded(settings));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterContainer
    static void stopMembers() {
        pool.shutdownNow();
        for (HazelcastInstance hz : nodes) {
            hz.getLifecycleService().terminate();
        }
    }

    sealed interface Op permits Register, Deregister {
        int node();
    }

    record Register(int node, PoolSpec spec) implements Op {
    }

    record Deregister(int node, String name) implements Op {
    }

    /** A registered pool and who owns it. */
    record Owned(int node, PoolSpec spec) {
    }

    /** One try: a federation per member, their memberships, and the model of the cluster's registrations. */
    static final class Cluster implements AutoCloseable {
        final String name = "cm" + FEDERATIONS.incrementAndGet();
        final List<Federation<String>> federations = new ArrayList<>();
        final List<ClusterMembership<String>> memberships = new ArrayList<>();
        final List<AtomicInteger> connected = new ArrayList<>();
        final List<AtomicInteger> removed = new ArrayList<>();
        Map<String, Owned> model = new TreeMap<>();

        Cluster() {
            for (HazelcastInstance hz : nodes) {
                Federation<String> f = Federation.<String>builder(name).build();
                AtomicInteger c = new AtomicInteger();
                AtomicInteger r = new AtomicInteger();
                federations.add(f);
                connected.add(c);
                removed.add(r);
                memberships.add(ClusterMembership.builder(f, hz)
                        .connector(spec -> {
                            c.incrementAndGet();
                            return spec.address();
                        })
                        .onRemoved(resource -> r.incrementAndGet())
                        .start());
            }
        }

        /** Runs an op; returns whether it was accepted (a refused op throws IllegalStateException). */
        boolean run(Op op) {
            try {
                if (op instanceof Register r) {
                    memberships.get(r.node()).register(r.spec());
                    return true;
                }
                Deregister d = (Deregister) op;
                return memberships.get(d.node()).deregister(d.name());
            } catch (IllegalStateException refused) {
                return false;
            }
        }

        /** What a serial execution of {@code op} does to {@code state}: the outcome it must report, and the state. */
        static boolean expected(Map<String, Owned> state, Op op) {
            if (op instanceof Register r) {
                Owned current = state.get(r.spec().name());
                if (current != null && current.node() != r.node()) {
                    return false;
                }
                state.put(r.spec().name(), new Owned(r.node(), r.spec()));
                return true;
            }
            Deregister d = (Deregister) op;
            Owned current = state.get(d.name());
            if (current == null || current.node() != d.node()) {
                return false;
            }
            state.remove(d.name());
            return true;
        }

        Cluster single(Op op) {
            boolean got = run(op);
            Map<String, Owned> next = new TreeMap<>(model);
            assertThat(got).as("outcome of %s", op).isEqualTo(expected(next, op));
            model = next;
            return converged();
        }

        Cluster pair(Op a, Op b) {
            CompletableFuture<Boolean> fa = CompletableFuture.supplyAsync(() -> run(a), pool);
            CompletableFuture<Boolean> fb = CompletableFuture.supplyAsync(() -> run(b), pool);
            boolean ra = fa.join();
            boolean rb = fb.join();
            Map<String, Owned> ab = new TreeMap<>(model);
            boolean abMatches = expected(ab, a) == ra & expected(ab, b) == rb;
            Map<String, Owned> ba = new TreeMap<>(model);
            boolean baMatches = expected(ba, b) == rb & expected(ba, a) == ra;
            assertThat(abMatches || baMatches)
                    .as("%s -> %s and %s -> %s match a serial order", a, ra, b, rb).isTrue();
            // both orders may match with different end states only when the ops touch different names (then the
            // states are equal) or when both are refused; pick the one the cluster holds
            Map<String, PoolSpec> actual = memberships.get(0).registered();
            model = abMatches && specs(ab).equals(actual) ? ab : ba;
            assertThat(specs(model)).as("registrations after %s || %s", a, b).isEqualTo(actual);
            return converged();
        }

        static Map<String, PoolSpec> specs(Map<String, Owned> state) {
            return state.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().spec(),
                    (x, y) -> x, TreeMap::new));
        }

        Cluster converged() {
            Map<String, String> want = new TreeMap<>();
            for (Owned o : model.values()) {
                want.put(o.spec().name(), o.spec().weight() + "/" + o.spec().locality() + "/" + o.spec().capacity());
            }
            await().atMost(CONVERGENCE).untilAsserted(() -> {
                for (int i = 0; i < federations.size(); i++) {
                    Map<String, String> have = new TreeMap<>();
                    for (PoolHealth h : federations.get(i).pools()) {
                        have.put(h.name(), h.weight() + "/" + h.locality() + "/" + h.capacity());
                    }
                    assertThat(have).as("pools of member %d", i).isEqualTo(want);
                }
            });
            for (int i = 0; i < federations.size(); i++) {
                int member = i;
                int live = federations.get(i).pools().size();
                await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(removed.get(member).get())
                        .as("resources handed to onRemoved on member %d", member)
                        .isEqualTo(connected.get(member).get() - live));
            }
            return this;
        }

        @Override
        public void close() {
            memberships.forEach(ClusterMembership::close);
            federations.forEach(Federation::close);
        }

        @Override
        public String toString() {
            return "Cluster[" + name + "]";
        }
    }

    private static Arbitrary<Op> ops() {
        Arbitrary<Integer> node = Arbitraries.integers().between(0, 2);
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<PoolSpec> spec = Combinators.combine(name, Arbitraries.of("a", "b"), Arbitraries.integers().between(1, 3),
                Arbitraries.of("eu", "us"), Arbitraries.of(8, 16))
                .as((n, address, weight, locality, capacity) -> new PoolSpec(n, address, weight, locality, capacity));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Combinators.combine(node, spec).as(Register::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(node, name).as(Deregister::new)));
    }

    private static Action.Independent<Cluster> alone() {
        return () -> ops().map(op -> Transformer.mutate(op.toString(), c -> c.single(op)));
    }

    private static Action.Independent<Cluster> together() {
        return () -> Combinators.combine(ops(), ops()).filter((a, b) -> a.node() != b.node())
                .as((a, b) -> Transformer.<Cluster>mutate(a + " || " + b, c -> c.pair(a, b)));
    }

    @Provide
    Arbitrary<ActionChain<Cluster>> chains() {
        return ActionChain.startWith(Cluster::new)
                .withAction(1, alone())
                .withAction(2, together())
                .withMaxTransformations(12);
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void everyMembersFederation_followsTheClustersRegistrations(@ForAll("chains") ActionChain<Cluster> chain) {
        try {
            chain.run();
        } finally {
            chain.finalState().ifPresent(Cluster::close);
        }
    }
}

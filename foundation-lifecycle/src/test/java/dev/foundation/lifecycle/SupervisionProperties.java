package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random dependency graphs, the default supervision restarts exactly the crashed component and everything
 * that depends on it, directly or not, stopping those dependents in reverse dependency order and starting the
 * whole set in dependency order; nothing else is touched, and no component is left holding what a stopped
 * one handed out.
 */
class SupervisionProperties {

    /** {@code deps.get(i)}: the components {@code i} depends on, all with a lower index (so no cycle). */
    record Dag(List<Set<Integer>> deps, int crashed) {
    }

    @Provide
    Arbitrary<Dag> dags() {
        return Arbitraries.integers().between(1, 8).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(0, 99).list().ofSize(n * n),
                Arbitraries.integers().between(10, 60),
                Arbitraries.integers().between(0, n - 1))
                .as((bits, density, crashed) -> {
                    List<Set<Integer>> deps = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        Set<Integer> s = new HashSet<>();
                        for (int j = 0; j < i; j++) {
                            if (bits.get(i * n + j) < density) {
                                s.add(j);
                            }
                        }
                        deps.add(s);
                    }
                    return new Dag(deps, crashed);
                }));
    }

    /** A component that makes a new handle on each start and takes its dependencies' current ones. */
    static final class Node implements Component {
        final int id;
        final List<Node> uses = new ArrayList<>();
        final EventLog log;
        final AtomicInteger starts = new AtomicInteger();
        volatile Object handle;
        volatile boolean live;
        volatile List<Object> held = List.of();
        volatile ComponentContext context;

        Node(int id, EventLog log) {
            this.id = id;
            this.log = log;
        }

        @Override
        public void start(ComponentContext ctx) {
            List<Object> h = new ArrayList<>();
            for (Node u : uses) {
                if (!u.live) {
                    throw new IllegalStateException("c" + id + " started before its dependency c" + u.id);
                }
                h.add(u.handle);
            }
            held = h;
            handle = new Object();
            live = true;
            context = ctx;
            starts.incrementAndGet();
            log.add("start:c" + id);
        }

        @Override
        public void stop() {
            live = false;
            log.add("stop:c" + id);
        }

        boolean holdsOnlyLiveHandles() {
            for (int k = 0; k < uses.size(); k++) {
                Node u = uses.get(k);
                if (!u.live || held.get(k) != u.handle) {
                    return false;
                }
            }
            return true;
        }
    }

    @Property(tries = 60)
    void defaultSupervision_restartsExactlyTheCrashedComponentAndItsDependents_inOrder(@ForAll("dags") Dag g) {
        int n = g.deps().size();
        EventLog log = new EventLog();
        ManualScheduler clock = new ManualScheduler();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(new Node(i, log));
        }
        LifecycleBuilder b = Lifecycle.builder().scheduler(clock).registerShutdownHook(false)
                .supervision(Supervision.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build());
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            for (int d : g.deps().get(i)) {
                node.uses.add(nodes.get(d));
            }
            String[] deps = g.deps().get(i).stream().map(d -> "c" + d).toArray(String[]::new);
            b.component("c" + i, node, o -> o.dependsOn(deps).healthCheck(Duration.ofDays(1), Duration.ofDays(1)));
        }
        Set<Integer> affected = dependentsOf(g, g.crashed());
        affected.add(g.crashed());
        try (Lifecycle app = b.build()) {
            app.start();
            int before = log.events().size();
            nodes.get(g.crashed()).context.crashed(new IOException("boom"));
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(1)) >= 1);
            clock.advance(Duration.ofSeconds(1));
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> {
                for (int i : affected) {
                    if (app.stage("c" + i) != Stage.RUNNING || nodes.get(i).starts.get() < 2) {
                        return false;
                    }
                }
                return true;
            });
            for (int i = 0; i < n; i++) {
                assertThat(nodes.get(i).starts.get()).as("starts of c%d", i).isEqualTo(affected.contains(i) ? 2 : 1);
                assertThat(nodes.get(i).holdsOnlyLiveHandles()).as("c%d holds only live handles", i).isTrue();
            }
            List<String> after = log.events().subList(before, log.events().size());
            for (int i : affected) {
                for (int d : g.deps().get(i)) {
                    if (affected.contains(d)) {
                        assertThat(after.indexOf("start:c" + d)).as("c%d restarts before its dependent c%d", d, i)
                                .isLessThan(after.indexOf("start:c" + i));
                        if (d != g.crashed()) {
                            assertThat(after.indexOf("stop:c" + i)).as("c%d stops before its dependency c%d", i, d)
                                    .isLessThan(after.indexOf("stop:c" + d));
                        }
                    }
                }
            }
        }
    }

    private static Set<Integer> dependentsOf(Dag g, int root) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            int x = todo.poll();
            for (int i = 0; i < g.deps().size(); i++) {
                if (g.deps().get(i).contains(x) && seen.add(i)) {
                    todo.add(i);
                }
            }
        }
        return seen;
    }
}

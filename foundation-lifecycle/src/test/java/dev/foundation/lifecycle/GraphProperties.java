package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Graph validation over random graphs, with and without cycles. */
class GraphProperties {

    /** A random directed graph on {@code n} nodes: {@code edges.get(i)} are the nodes {@code i} depends on. */
    record RandomGraph(int n, List<Set<Integer>> edges) {

        /** Whether the graph has a cycle (by repeatedly removing nodes without dependencies). */
        boolean cyclic() {
            Set<Integer> removed = new HashSet<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int i = 0; i < n; i++) {
                    if (!removed.contains(i) && removed.containsAll(edges.get(i))) {
                        removed.add(i);
                        progress = true;
                    }
                }
            }
            return removed.size() < n;
        }
    }

    @Provide
    Arbitrary<RandomGraph> graphs() {
        return Arbitraries.integers().between(1, 9).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(0, 99).list().ofSize(n * n),
                Arbitraries.integers().between(2, 30))
                .as((bits, density) -> {
                    List<Set<Integer>> edges = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        Set<Integer> s = new HashSet<>();
                        for (int j = 0; j < n; j++) {
                            if (i != j && bits.get(i * n + j) < density) {
                                s.add(j);
                            }
                        }
                        edges.add(s);
                    }
                    return new RandomGraph(n, edges);
                }));
    }

    @Property(tries = 400)
    void build_rejectsExactlyTheCyclicGraphs_withARealCyclePath_andOrdersTheOthers(@ForAll("graphs") RandomGraph g) {
        LifecycleBuilder b = Lifecycle.builder();
        List<Integer> insertion = new ArrayList<>();
        for (int i = 0; i < g.n(); i++) {
            insertion.add(i);
        }
        Collections.reverse(insertion);
        for (int i : insertion) {
            String[] deps = g.edges().get(i).stream().map(d -> "c" + d).toArray(String[]::new);
            b.component("c" + i, new TestComponent("c" + i, new EventLog()), o -> o.dependsOn(deps));
        }
        if (g.cyclic()) {
            LifecycleGraphException e = catchThrowableOfType(LifecycleGraphException.class, b::build);
            assertThat(e).as("a cyclic graph must be rejected").isNotNull();
            List<String> cycle = e.cycle();
            assertThat(cycle.size()).isGreaterThanOrEqualTo(3);
            assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
            assertThat(new HashSet<>(cycle.subList(0, cycle.size() - 1))).hasSize(cycle.size() - 1);
            for (int k = 0; k + 1 < cycle.size(); k++) {
                int from = Integer.parseInt(cycle.get(k).substring(1));
                int to = Integer.parseInt(cycle.get(k + 1).substring(1));
                assertThat(g.edges().get(from)).as("%s depends on %s", cycle.get(k), cycle.get(k + 1)).contains(to);
            }
            assertThat(e.getMessage()).contains(String.join(" -> ", cycle));
        } else {
            Lifecycle app = b.build();
            Map<String, Integer> position = new HashMap<>();
            List<String> order = app.components();
            for (int k = 0; k < order.size(); k++) {
                position.put(order.get(k), k);
            }
            assertThat(order).hasSize(g.n());
            for (int i = 0; i < g.n(); i++) {
                for (int d : g.edges().get(i)) {
                    assertThat(position.get("c" + d)).isLessThan(position.get("c" + i));
                }
            }
        }
    }
}

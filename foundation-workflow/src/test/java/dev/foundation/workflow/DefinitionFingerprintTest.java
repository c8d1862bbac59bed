package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 4: every instance stores the fingerprint of its definition; an engine refuses to resume
 * instances whose version is registered with changed steps or dependencies. The fingerprint depends on the
 * structure only, never on declaration order, and changes with any change of it.
 */
class DefinitionFingerprintTest {

    record In(String v) {
    }

    @TempDir
    Path dir;

    private static WorkflowDefinition<In> define(int version, List<String> ran, CountDownLatch gate,
                                                 boolean withAudit) {
        WorkflowDefinition.Builder<In> b = Workflow.define("order", In.class).version(version)
                .step("reserve", ctx -> {
                    ran.add("reserve");
                    return "r";
                });
        if (withAudit) {
            b.step("audit", ctx -> ran.add("audit"), s -> s.after("reserve"));
        }
        return b.step("ship", ctx -> {
            ran.add("ship");
            if (gate != null) {
                gate.await(60, TimeUnit.SECONDS);
            }
            return "s";
        }, s -> s.after(withAudit ? new String[] {"reserve", "audit"} : new String[] {"reserve"})).build();
    }

    @Test
    void resumingWithTheSameVersionButOtherSteps_isRefusedSayingToBumpTheVersion_andNothingRuns() throws Exception {
        Path db = dir.resolve("wf.db");
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(define(1, ran, never, false)).build()) {
            id = engine.start("order", new In("x")).id();
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("ship"));
        } // closing interrupts ship: the instance stays in flight
        ran.clear();
        WorkflowDefinition<In> changed = define(1, ran, null, true);
        assertThat(changed.fingerprint()).isNotEqualTo(define(1, ran, null, false).fingerprint());
        assertThatThrownBy(() -> WorkflowEngine.builder().store(WorkflowStores.sqlite(db)).register(changed).build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("workflow 'order' version 1")
                .hasMessageContaining("bump the version")
                .hasMessageContaining(id);
        assertThat(ran).as("nothing ran with the changed definition").isEmpty();

        // the fix the message asks for: the change as version 2, the old definition kept as version 1
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(define(1, ran, null, false)).register(define(2, ran, null, true)).build()) {
            InstanceInfo done = engine.instance(id).orElseThrow().result(Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(Status.COMPLETED);
            assertThat(done.version()).isEqualTo(1);
            assertThat(ran).containsExactly("ship");
            ran.clear();
            InstanceInfo v2 = engine.start("order", new In("y")).result(Duration.ofSeconds(10));
            assertThat(v2.version()).isEqualTo(2);
            assertThat(ran).containsExactly("reserve", "audit", "ship");
        }
    }

    // ------------------------------------------------------------------ properties

    /** A random DAG: step i may come after any of the steps before it. */
    record Dag(List<List<Integer>> after) {
        int size() {
            return after.size();
        }
    }

    @Provide
    Arbitrary<Dag> dags() {
        return Arbitraries.integers().between(1, 8).flatMap(n -> {
            List<Arbitrary<List<Integer>>> steps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                steps.add(i == 0 ? Arbitraries.just(List.of())
                        : Arbitraries.integers().between(0, i - 1).list().uniqueElements().ofMaxSize(i));
            }
            return Combinators.combine(steps).as(Dag::new);
        });
    }

    private static WorkflowDefinition<In> build(Dag dag, int version, List<Integer> declarationOrder) {
        WorkflowDefinition.Builder<In> b = Workflow.define("w", In.class).version(version);
        for (int i : declarationOrder) {
            String[] after = dag.after().get(i).stream().map(p -> "s" + p).toArray(String[]::new);
            b.step("s" + i, ctx -> null, s -> s.after(after));
        }
        return b.build();
    }

    private static List<Integer> order(int n) {
        List<Integer> o = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            o.add(i);
        }
        return o;
    }

    @Property(tries = 200)
    void fingerprint_ignoresDeclarationOrder_andChangesWithEveryStructuralChange(@ForAll("dags") Dag dag,
                                                                                @ForAll long seed) {
        String base = build(dag, 1, order(dag.size())).fingerprint();
        List<Integer> shuffled = order(dag.size());
        Collections.shuffle(shuffled, new java.util.Random(seed));
        assertThat(build(dag, 1, shuffled).fingerprint()).as("declaration order").isEqualTo(base);
        assertThat(build(dag, 2, order(dag.size())).fingerprint()).as("version").isNotEqualTo(base);

        List<List<Integer>> plusStep = new ArrayList<>(dag.after());
        plusStep.add(List.of());
        assertThat(build(new Dag(plusStep), 1, order(dag.size() + 1)).fingerprint()).as("a step added")
                .isNotEqualTo(base);
        java.util.Random r = new java.util.Random(seed);
        int i = r.nextInt(dag.size());
        if (i > 0) { // toggle one dependency of step i
            int p = r.nextInt(i);
            List<Integer> deps = new ArrayList<>(dag.after().get(i));
            if (!deps.remove(Integer.valueOf(p))) {
                deps.add(p);
            }
            List<List<Integer>> toggled = new ArrayList<>(dag.after());
            toggled.set(i, deps);
            assertThat(build(new Dag(toggled), 1, order(dag.size())).fingerprint()).as("dependency toggled")
                    .isNotEqualTo(base);
        }
        if (dag.size() > 1) {
            List<List<Integer>> removed = new ArrayList<>();
            for (int k = 0; k < dag.size() - 1; k++) {
                removed.add(dag.after().get(k));
            }
            assertThat(build(new Dag(removed), 1, order(dag.size() - 1)).fingerprint()).as("last step removed")
                    .isNotEqualTo(base);
        }
        WorkflowDefinition.Builder<In> renamed = Workflow.define("w", In.class).version(1);
        for (int k = 0; k < dag.size(); k++) {
            String[] after = dag.after().get(k).stream().map(p -> "s" + p).toArray(String[]::new);
            renamed.step(k == i ? "s" + i + "x" : "s" + k, ctx -> null, s -> s.after(after));
        }
        if (dag.after().stream().noneMatch(a -> a.contains(i))) { // renaming a step nothing depends on
            assertThat(renamed.build().fingerprint()).as("a step renamed").isNotEqualTo(base);
        }
    }
}

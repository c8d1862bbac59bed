package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Start/stop ordering invariants over random acyclic component graphs with random failing and hanging
 * components.
 */
class LifecycleProperties {

    enum Kind { OK, START_FAILS, START_HANGS, STOP_FAILS, STOP_HANGS }

    /**
     * A random DAG: component {@code i} may depend only on components with a smaller index (so it is acyclic),
     * and components are added to the builder in a random order (so the builder's order proves nothing).
     */
    record Scenario(int size, List<Set<Integer>> deps, List<Kind> kinds, List<Integer> insertion, int parallelism) {

        boolean reaches(int from, int to) {
            if (from == to) {
                return true;
            }
            for (int d : deps.get(from)) {
                if (reaches(d, to)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 10).flatMap(n -> {
            Arbitrary<List<Set<Integer>>> deps = Arbitraries.integers().between(0, 99).list().ofSize(n * n).map(bits -> {
                List<Set<Integer>> d = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Set<Integer> s = new HashSet<>();
                    for (int j = 0; j < i; j++) {
                        if (bits.get(i * n + j) < 35) {
                            s.add(j);
                        }
                    }
                    d.add(s);
                }
                return d;
            });
            Arbitrary<List<Kind>> kinds = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(14, Arbitraries.just(Kind.OK)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.START_FAILS)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.START_HANGS)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.STOP_FAILS)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.STOP_HANGS))).list().ofSize(n);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                indices.add(i);
            }
            Arbitrary<List<Integer>> insertion = Arbitraries.shuffle(indices);
            Arbitrary<Integer> parallelism = Arbitraries.integers().between(1, 6);
            return Combinators.combine(deps, kinds, insertion, parallelism)
                    .as((d, k, ins, p) -> new Scenario(n, d, k, ins, p));
        });
    }

    @Property(tries = 150)
    void startRespectsDependencies_stopIsReverse_andNothingRunsAfterAFailedStartOrAShutdown(
            @ForAll("scenarios") Scenario s) {
        EventLog log = new EventLog();
        List<Transition> transitions = Collections.synchronizedList(new ArrayList<>());
        List<TestComponent> components = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            TestComponent c = new TestComponent("c" + i, log);
            switch (s.kinds().get(i)) {
                case START_FAILS -> c.startFailure = new IOException("start of c" + i + " fails");
                case START_HANGS -> c.startGate = new CountDownLatch(1);
                case STOP_FAILS -> c.stopFailure = new IOException("stop of c" + i + " fails");
                case STOP_HANGS -> c.stopGate = new CountDownLatch(1);
                case OK -> { }
            }
            components.add(c);
        }
        LifecycleBuilder b = Lifecycle.builder().parallelism(s.parallelism()).listener(transitions::add)
                .scheduler(new ManualScheduler());
        for (int i : s.insertion()) {
            String[] deps = s.deps().get(i).stream().map(d -> "c" + d).toArray(String[]::new);
            b.component("c" + i, components.get(i), o -> o.dependsOn(deps)
                    .startTimeout(Duration.ofMillis(s.kinds().get(i) == Kind.START_HANGS ? 40 : 30_000))
                    .stopTimeout(Duration.ofMillis(s.kinds().get(i) == Kind.STOP_HANGS ? 40 : 30_000)));
        }
        Lifecycle app = b.build();
        boolean expectFailure = s.kinds().contains(Kind.START_FAILS) || s.kinds().contains(Kind.START_HANGS);
        try {
            app.start();
            assertThat(expectFailure).as("start succeeded although a component fails or hangs").isFalse();
            app.close();
        } catch (LifecycleStartException e) {
            assertThat(expectFailure).as("unexpected start failure: %s", e.getMessage()).isTrue();
            for (String failed : e.failures().keySet()) {
                Kind k = s.kinds().get(Integer.parseInt(failed.substring(1)));
                assertThat(k).isIn(Kind.START_FAILS, Kind.START_HANGS);
                assertThat(e.getMessage()).contains("'" + failed + "' failed");
            }
        }
        List<Transition> seen = new ArrayList<>(transitions);
        for (int x = 0; x < s.size(); x++) {
            String xn = "c" + x;
            int xStarting = index(seen, xn, Stage.NEW, Stage.STARTING);
            int xStopped = indexOfStopEnd(seen, xn);
            for (int d : s.deps().get(x)) {
                String dn = "c" + d;
                if (xStarting >= 0) {
                    int dRunning = index(seen, dn, Stage.STARTING, Stage.RUNNING);
                    assertThat(dRunning).as("%s started before its dependency %s was running", xn, dn)
                            .isBetween(0, xStarting);
                }
                int dStopping = index(seen, dn, Stage.RUNNING, Stage.STOPPING);
                if (dStopping >= 0 && index(seen, xn, Stage.STARTING, Stage.RUNNING) >= 0) {
                    assertThat(xStopped).as("%s stopped before its dependent %s was done stopping", dn, xn)
                            .isBetween(0, dStopping);
                }
            }
            Stage stage = app.stage(xn);
            assertThat(stage).as(xn).isIn(Stage.NEW, Stage.STOPPED, Stage.FAILED);
            TestComponent c = components.get(x);
            boolean wasRunning = index(seen, xn, Stage.STARTING, Stage.RUNNING) >= 0;
            assertThat(c.stops).as("stop calls of %s", xn).hasValue(wasRunning ? 1 : 0);
        }
        for (TestComponent c : components) {
            if (c.stopGate != null) {
                c.stopGate.countDown();
            }
        }
    }

    private static int index(List<Transition> seen, String name, Stage from, Stage to) {
        for (int i = 0; i < seen.size(); i++) {
            Transition t = seen.get(i);
            if (t.component().equals(name) && t.from() == from && t.to() == to) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfStopEnd(List<Transition> seen, String name) {
        for (int i = 0; i < seen.size(); i++) {
            Transition t = seen.get(i);
            if (t.component().equals(name) && t.from() == Stage.STOPPING) {
                return i;
            }
        }
        return -1;
    }

    @Property(tries = 60)
    void independentComponents_startConcurrently(@ForAll("scenarios") Scenario s, @ForAll @IntRange(max = 1000) int pick) {
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < s.size(); a++) {
            for (int b = a + 1; b < s.size(); b++) {
                if (!s.reaches(a, b) && !s.reaches(b, a)) {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        Assume.that(!pairs.isEmpty());
        int[] pair = pairs.get(pick % pairs.size());
        // Both starts wait for each other: with a sequential start the first would wait in vain and fail.
        CountDownLatch meeting = new CountDownLatch(2);
        LifecycleBuilder b = Lifecycle.builder().parallelism(s.size()).scheduler(new ManualScheduler());
        for (int i : s.insertion()) {
            String[] deps = s.deps().get(i).stream().map(d -> "c" + d).toArray(String[]::new);
            boolean meets = i == pair[0] || i == pair[1];
            b.component("c" + i, new Component() {
                @Override
                public void start(ComponentContext context) throws Exception {
                    if (meets) {
                        meeting.countDown();
                        if (!meeting.await(20, TimeUnit.SECONDS)) {
                            fail("c%d and c%d did not overlap", pair[0], pair[1]);
                        }
                    }
                }

                @Override
                public void stop() {
                }
            }, o -> o.dependsOn(deps));
        }
        try (Lifecycle app = b.build()) {
            app.start();
            assertThat(meeting.getCount()).isZero();
        }
    }
}

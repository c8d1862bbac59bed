package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default supervision over a component graph: a restarted component's dependents are restarted after
 * it, in dependency order, so none keeps what the old instance handed out (issue 21 item 8).
 *
 * <pre>
 *   db &lt;- hz &lt;- workflows &lt;- api
 *          hz &lt;- cache     &lt;- api      db &lt;- report      metrics (independent)
 * </pre>
 */
class SupervisionGraphTest {

    private final EventLog log = new EventLog();
    private final ManualScheduler clock = new ManualScheduler();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private Lifecycle app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    /** What a component hands its dependents (a client, an instance); dead once the component stops. */
    static final class Handle {
        final String owner;
        final int generation;
        volatile boolean active = true;

        Handle(String owner, int generation) {
            this.owner = owner;
            this.generation = generation;
        }
    }

    /** A component that creates a new handle on every start and takes its dependencies' current handles. */
    final class Node implements Component {
        final String name;
        final List<String> uses;
        final AtomicInteger starts = new AtomicInteger();
        volatile Handle own;
        volatile Map<String, Handle> held = Map.of();
        volatile ComponentContext context;

        Node(String name, String... uses) {
            this.name = name;
            this.uses = List.of(uses);
            nodes.put(name, this);
        }

        @Override
        public void start(ComponentContext ctx) {
            context = ctx;
            Map<String, Handle> h = new ConcurrentHashMap<>();
            for (String u : uses) {
                Handle dep = nodes.get(u).own;
                if (dep == null || !dep.active) {
                    throw new IllegalStateException(name + " started before its dependency " + u);
                }
                h.put(u, dep);
            }
            held = h;
            own = new Handle(name, starts.incrementAndGet());
            log.add("start:" + name);
        }

        @Override
        public void stop() {
            own.active = false;
            log.add("stop:" + name);
        }

        /** Whether every handle this component holds is alive (a stale one is what failed 393 workflows). */
        boolean holdsOnlyLiveHandles() {
            for (Handle h : held.values()) {
                if (!h.active || h != nodes.get(h.owner).own) {
                    return false;
                }
            }
            return true;
        }
    }

    private static ComponentOptions rarely(ComponentOptions o) {
        return o.healthCheck(Duration.ofDays(1), Duration.ofDays(1));
    }

    private void startGraph(Supervision supervision) {
        LifecycleBuilder b = Lifecycle.builder();
        add(b, new Node("db"));
        add(b, new Node("hz", "db"));
        add(b, new Node("workflows", "hz"));
        add(b, new Node("cache", "hz", "db"));
        add(b, new Node("api", "workflows", "cache"));
        add(b, new Node("report", "db"));
        add(b, new Node("metrics"));
        app = b.supervision(supervision).scheduler(clock).build();
        app.start();
    }

    private static void add(LifecycleBuilder b, Node n) {
        b.component(n.name, n, o -> rarely(o).dependsOn(n.uses.toArray(new String[0])));
    }

    private void awaitRunning(String... names) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String n : names) {
                if (app.stage(n) != Stage.RUNNING) {
                    return false;
                }
            }
            return true;
        });
    }

    private int starts(String name) {
        return nodes.get(name).starts.get();
    }

    @Test
    void defaultSupervision_restartsTheCrashedComponentsDependents_inDependencyOrder() {
        startGraph(Supervision.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build());
        int before = log.events().size();
        nodes.get("hz").context.crashed(new IOException("member lost its cluster"));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(1)) >= 1);
        // while waiting for the backoff, the dependents are down, not running on the dead instance
        assertThat(app.stage("hz")).isEqualTo(Stage.FAILED);
        for (String dependent : List.of("workflows", "cache", "api")) {
            assertThat(app.stage(dependent)).as(dependent).isEqualTo(Stage.STOPPED);
        }
        assertThat(app.health().ready()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        awaitRunning("hz", "workflows", "cache", "api");

        List<String> events = log.events().subList(before, log.events().size());
        assertThat(events.indexOf("stop:api")).as("api stops before what it uses").isLessThan(events.indexOf("stop:workflows"))
                .isLessThan(events.indexOf("stop:cache"));
        assertThat(events.indexOf("start:hz")).isLessThan(events.indexOf("start:workflows")).isLessThan(events.indexOf("start:cache"));
        assertThat(events.indexOf("start:api")).isGreaterThan(events.indexOf("start:workflows")).isGreaterThan(events.indexOf("start:cache"));
        assertThat(List.of(starts("hz"), starts("workflows"), starts("cache"), starts("api"))).containsOnly(2);
        assertThat(List.of(starts("db"), starts("report"), starts("metrics"))).as("not dependents of hz").containsOnly(1);
        for (Node n : nodes.values()) {
            assertThat(n.holdsOnlyLiveHandles()).as("%s holds only live handles", n.name).isTrue();
        }
        assertThat(app.health().ready()).isTrue();
    }

    @Test
    void aCrashAtTheRoot_restartsEveryTransitiveDependent_butNotTheIndependentOne() {
        startGraph(Supervision.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build());
        nodes.get("db").context.crashed(new IOException("connection pool poisoned"));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(1)) >= 1);
        clock.advance(Duration.ofSeconds(1));
        awaitRunning("db", "hz", "workflows", "cache", "api", "report");
        for (String n : List.of("db", "hz", "workflows", "cache", "api", "report")) {
            assertThat(starts(n)).as(n).isEqualTo(2);
        }
        assertThat(starts("metrics")).isEqualTo(1);
        for (Node n : nodes.values()) {
            assertThat(n.holdsOnlyLiveHandles()).as("%s holds only live handles", n.name).isTrue();
        }
    }

    @Test
    void oneForOne_chosenExplicitly_leavesDependentsOnTheOldInstance() {
        startGraph(Supervision.builder().strategy(Supervision.Strategy.ONE_FOR_ONE)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build());
        nodes.get("hz").context.crashed(new IOException("boom"));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(1)) >= 1);
        clock.advance(Duration.ofSeconds(1));
        awaitRunning("hz");
        assertThat(starts("workflows")).isEqualTo(1);
        assertThat(nodes.get("workflows").holdsOnlyLiveHandles()).as("what the Javadoc warns about").isFalse();
    }

    @Test
    void givingUp_stopsTheDependents_andHealthSaysWhy() {
        startGraph(Supervision.builder().intensity(1, Duration.ofMinutes(5))
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).jitter(0).build());
        Supplier<Node> hz = () -> nodes.get("hz");
        hz.get().context.crashed(new IOException("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(1)) >= 1);
        clock.advance(Duration.ofSeconds(1));
        awaitRunning("hz", "workflows", "cache", "api");
        hz.get().context.crashed(new IOException("second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !app.health().live());
        HealthReport r = app.health();
        assertThat(r.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(r.component("hz").orElseThrow().detail())
                .isEqualTo("supervision gave up: 'hz' went down more than 1 times within PT5M; last crash: IOException: second;"
                        + " it stays FAILED until the application restarts");
        assertThat(app.stage("hz")).isEqualTo(Stage.FAILED);
        for (String dependent : List.of("workflows", "cache", "api")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> app.stage(dependent) == Stage.STOPPED);
        }
        assertThat(List.of(app.stage("db"), app.stage("report"), app.stage("metrics"))).containsOnly(Stage.RUNNING);
    }
}

package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LifecycleGraphTest {

    private final EventLog log = new EventLog();

    private TestComponent c(String name) {
        return new TestComponent(name, log);
    }

    @Test
    void build_rejectsMissingDependency_namingBothComponents() {
        LifecycleBuilder b = Lifecycle.builder().component("cache", c("cache"), o -> o.dependsOn("db"));
        assertThatThrownBy(b::build)
                .isInstanceOf(LifecycleGraphException.class)
                .hasMessageContaining("'cache' depends on 'db', which is not a component");
    }

    @Test
    void build_rejectsCycle_withTheCyclePathInTheMessage() {
        LifecycleBuilder b = Lifecycle.builder()
                .component("root", c("root"))
                .component("a", c("a"), o -> o.dependsOn("root", "b"))
                .component("b", c("b"), o -> o.dependsOn("c"))
                .component("c", c("c"), o -> o.dependsOn("a"));
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(LifecycleGraphException.class, e -> {
                    assertThat(e.getMessage()).contains("a -> b -> c -> a");
                    assertThat(e.cycle()).containsExactly("a", "b", "c", "a");
                });
    }

    @Test
    void component_rejectsSelfDependency_andDuplicateNames_andBadOptions() {
        assertThatThrownBy(() -> Lifecycle.builder().component("a", c("a"), o -> o.dependsOn("a")))
                .isInstanceOf(LifecycleGraphException.class).hasMessageContaining("a -> a");
        assertThatThrownBy(() -> Lifecycle.builder().component("a", c("a")).component("a", c("a2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' was already added");
        assertThatThrownBy(() -> Lifecycle.builder().component("a", c("a"), o -> o.stopTimeout(Duration.ofSeconds(-3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stopTimeout must be > 0 but was PT-3S");
        assertThatThrownBy(() -> Lifecycle.builder().component("a", c("a"), o -> o.healthThresholds(0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unhealthyAfter must be >= 1 but was 0");
        assertThatThrownBy(() -> Lifecycle.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parallelism must be >= 1 but was 0");
        assertThatThrownBy(() -> Lifecycle.builder().component(" ", c("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Supervision.builder().jitter(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be between 0 and 1 but was 1.5");
        assertThatThrownBy(() -> ProbeServer.on("127.0.0.1", 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be between 0 and 65535 but was 70000");
    }

    @Test
    void builder_cannotBeUsedAfterBuild() {
        LifecycleBuilder b = Lifecycle.builder().component("a", c("a"));
        b.build();
        assertThatThrownBy(() -> b.component("b", c("b"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void start_twice_isIllegalState_andListenersCannotBeAddedAfterStart() {
        try (Lifecycle app = Lifecycle.builder().component("a", c("a")).build()) {
            app.start();
            assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start() may be called only once");
            assertThatThrownBy(() -> app.addListener(t -> { })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void start_afterClose_isIllegalState() {
        Lifecycle app = Lifecycle.builder().component("a", c("a")).build();
        app.close();
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class);
        assertThat(app.stage("a")).isEqualTo(Stage.NEW);
    }

    @Test
    void startAndClose_followDependencyOrder_andReportEveryTransition() {
        List<Transition> transitions = new CopyOnWriteArrayList<>();
        Set<String> threadsBefore = LifecycleThreads.live();
        Lifecycle app = Lifecycle.builder()
                .component("web", c("web"), o -> o.dependsOn("cache"))
                .component("cache", c("cache"), o -> o.dependsOn("db"))
                .component("db", c("db"))
                .listener(transitions::add)
                .build();
        assertThat(app.components()).containsExactly("db", "cache", "web");
        app.start();
        assertThat(log.of("start:")).containsExactly("db", "cache", "web");
        assertThat(List.of(app.stage("db"), app.stage("cache"), app.stage("web"))).containsOnly(Stage.RUNNING);
        assertThat(app.health().started()).isTrue();
        app.close();
        app.close(); // idempotent
        assertThat(log.of("stop:")).containsExactly("web", "cache", "db");
        assertThat(transitions.stream().filter(t -> t.component().equals("cache")).map(t -> t.from() + ">" + t.to()))
                .containsExactly("NEW>STARTING", "STARTING>RUNNING", "RUNNING>STOPPING", "STOPPING>STOPPED");
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void adapters_closeAutoCloseables_andRunStartStopPairs() {
        EventLog events = new EventLog();
        AutoCloseable pool = () -> events.add("pool closed");
        try (Lifecycle app = Lifecycle.builder()
                .component("pool", pool)
                .component("server", () -> events.add("server started"), () -> events.add("server stopped"),
                        () -> Health.degraded("slow"), o -> o.dependsOn("pool"))
                .build()) {
            app.start();
            assertThat(events.events()).containsExactly("server started");
        }
        assertThat(events.events()).containsExactly("server started", "server stopped", "pool closed");
    }

    @Test
    void stage_ofUnknownComponent_isIllegalArgument() {
        Lifecycle app = Lifecycle.builder().component("a", c("a")).build();
        assertThatThrownBy(() -> app.stage("b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a]").hasMessageContaining("'b'");
    }
}

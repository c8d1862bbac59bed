package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleStartFailureTest {

    private final EventLog log = new EventLog();

    @Test
    void start_whenAComponentThrows_stopsStartedOnesInReverse_andStartsNothingFurther() {
        Set<String> threadsBefore = LifecycleThreads.live();
        TestComponent db = new TestComponent("db", log);
        TestComponent cache = new TestComponent("cache", log);
        TestComponent queue = new TestComponent("queue", log);
        TestComponent web = new TestComponent("web", log);
        queue.startFailure = new IOException("broker unreachable");
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("cache", cache, o -> o.dependsOn("db"))
                .component("queue", queue, o -> o.dependsOn("cache"))
                .component("web", web, o -> o.dependsOn("queue"))
                .shutdownHook("flush", 1, Duration.ofSeconds(5), () -> log.add("hook:flush"))
                .parallelism(4)
                .build();

        LifecycleStartException e = catchThrowableOfType(LifecycleStartException.class, app::start);

        assertThat(e.getMessage()).contains("'queue' failed: IOException: broker unreachable");
        assertThat(e.failures()).containsOnlyKeys("queue");
        assertThat(e.getCause()).isSameAs(queue.startFailure);
        assertThat(log.of("stop:")).containsExactly("cache", "db");
        assertThat(log.of("hook:")).as("a start failing by itself is not a shutdown").isEmpty();
        assertThat(web.starts).hasValue(0);
        assertThat(app.stage("queue")).isEqualTo(Stage.FAILED);
        assertThat(app.stage("web")).isEqualTo(Stage.NEW);
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
        assertThat(app.health().live()).isFalse();
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class);
        app.close(); // no-op after a failed start
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void start_namesEveryFailure_whenIndependentComponentsFailTogether() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Component failing1 = failingAfterMeeting(bothStarted, "disk full");
        Component failing2 = failingAfterMeeting(bothStarted, "port in use");
        TestComponent ok = new TestComponent("ok", log);
        Lifecycle app = Lifecycle.builder()
                .component("ok", ok)
                .component("a", failing1, o -> o.dependsOn("ok"))
                .component("b", failing2, o -> o.dependsOn("ok"))
                .build();

        LifecycleStartException e = catchThrowableOfType(LifecycleStartException.class, app::start);

        assertThat(e.failures()).containsOnlyKeys("a", "b");
        assertThat(e.getMessage()).contains("'a' failed: IllegalStateException: disk full")
                .contains("'b' failed: IllegalStateException: port in use");
        assertThat(e.getSuppressed()).hasSize(1);
        assertThat(ok.stops).hasValue(1);
    }

    private static Component failingAfterMeeting(CountDownLatch meeting, String message) {
        return new Component() {
            @Override
            public void start(ComponentContext context) throws Exception {
                meeting.countDown();
                assertThat(meeting.await(30, TimeUnit.SECONDS)).isTrue();
                throw new IllegalStateException(message);
            }

            @Override
            public void stop() {
            }
        };
    }

    @Test
    void start_whenAComponentHangs_failsAtItsTimeout_andInterruptsIt() {
        Set<String> threadsBefore = LifecycleThreads.live();
        TestComponent db = new TestComponent("db", log);
        TestComponent slow = new TestComponent("slow", log);
        slow.startGate = new CountDownLatch(1); // never opened: only the interrupt frees it
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("slow", slow, o -> o.dependsOn("db").startTimeout(Duration.ofMillis(100)))
                .build();

        LifecycleStartException e = catchThrowableOfType(LifecycleStartException.class, app::start);

        assertThat(e.failures().get("slow")).isInstanceOf(ComponentTimeoutException.class)
                .hasMessage("start of 'slow' did not finish within 100 ms");
        assertThat(app.stage("slow")).isEqualTo(Stage.FAILED);
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
        assertThat(log.of("start:")).containsExactly("db");
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void start_whenAStartReturnsAfterItsTimeout_stopsThatComponentToo() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Component stubborn = new Component() {
            @Override
            public void start(ComponentContext context) {
                // ignores interrupts, finishes late
                while (true) {
                    try {
                        released.await();
                        return;
                    } catch (InterruptedException ignored) {
                        released.countDown();
                    }
                }
            }

            @Override
            public void stop() {
                stopped.countDown();
            }
        };
        Lifecycle app = Lifecycle.builder()
                .component("stubborn", stubborn, o -> o.startTimeout(Duration.ofMillis(50)))
                .build();
        assertThatThrownBy(app::start).isInstanceOf(LifecycleStartException.class);
        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("late start is undone").isTrue();
        assertThat(app.stage("stubborn")).isEqualTo(Stage.FAILED);
    }

    @Test
    void start_whenAStartedComponentCrashesDuringStartup_failsTheStart() {
        CountDownLatch dbCrashed = new CountDownLatch(1);
        TestComponent db = new TestComponent("db", log);
        Component web = new Component() {
            @Override
            public void start(ComponentContext context) throws Exception {
                db.context.crashed(new IOException("connection reset"));
                dbCrashed.countDown();
            }

            @Override
            public void stop() {
                log.add("stop:web");
            }
        };
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("web", web, o -> o.dependsOn("db"))
                .build();
        LifecycleStartException e = catchThrowableOfType(LifecycleStartException.class, app::start);
        assertThat(e.failures()).containsKey("db");
        assertThat(e.getMessage()).contains("IOException: connection reset");
        assertThat(app.stage("db")).isEqualTo(Stage.FAILED);
        assertThat(log.of("stop:")).containsExactly("web", "db");
    }

    @Test
    void close_duringStart_abandonsStartsInFlight_runsTheShutdownHooks_andStopsWhatStarted() throws Exception {
        TestComponent db = new TestComponent("db", log);
        TestComponent slow = new TestComponent("slow", log);
        TestComponent web = new TestComponent("web", log);
        slow.startGate = new CountDownLatch(1); // never opened: only the abort's interrupt frees it
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("slow", slow, o -> o.dependsOn("db"))
                .component("web", web, o -> o.dependsOn("slow"))
                .shutdownHook("flush", 1, Duration.ofSeconds(5), () -> log.add("hook:flush"))
                .shutdownHook("deregister", 2, Duration.ofSeconds(5), () -> log.add("hook:deregister"))
                .build();
        java.util.concurrent.CompletableFuture<Void> starter = java.util.concurrent.CompletableFuture.runAsync(app::start);
        org.awaitility.Awaitility.await().until(() -> app.stage("slow") == Stage.STARTING);
        Thread closer = new Thread(app::close);
        closer.start();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThatThrownBy(starter::join).hasCauseInstanceOf(LifecycleStartException.class)
                .hasMessageContaining("close() was called while starting")
                .hasMessageContaining("start of 'slow' abandoned: the run was aborted");
        assertThat(web.starts).hasValue(0);
        assertThat(app.stage("slow")).isEqualTo(Stage.FAILED);
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
        assertThat(log.of("stop:")).containsExactly("db");
        java.util.List<String> events = log.events();
        assertThat(log.of("hook:")).containsExactly("deregister", "flush");
        assertThat(events.indexOf("hook:flush")).as("hooks run before the components stop").isLessThan(events.indexOf("stop-begin:db"));
    }
}

package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LifecycleShutdownTest {

    private final EventLog log = new EventLog();

    @Test
    void close_runsReadinessDown_thenHooksByPriority_thenComponentsInReverse() {
        TestComponent db = new TestComponent("db", log);
        TestComponent web = new TestComponent("web", log);
        List<Boolean> readyDuringHooks = new ArrayList<>();
        Lifecycle[] self = new Lifecycle[1];
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("web", web, o -> o.dependsOn("db"))
                .shutdownHook("low", 1, Duration.ofSeconds(5), () -> log.add("hook:low"))
                .shutdownHook("high", 100, Duration.ofSeconds(5), () -> {
                    readyDuringHooks.add(self[0].health().ready());
                    log.add("hook:high");
                })
                .shutdownHook("middle", 50, Duration.ofSeconds(5), () -> log.add("hook:middle"))
                .build();
        self[0] = app;
        app.start();
        assertThat(app.health().ready()).isTrue();
        app.close();
        assertThat(log.events().subList(log.indexOf("hook:high"), log.events().size()))
                .containsExactly("hook:high", "hook:middle", "hook:low", "stop-begin:web", "stop:web", "stop-begin:db", "stop:db");
        assertThat(readyDuringHooks).containsExactly(false);
    }

    @Test
    void close_goesOn_whenAHookThrows() {
        TestComponent db = new TestComponent("db", log);
        try (Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .shutdownHook("broken", 10, Duration.ofSeconds(5), () -> {
                    throw new IllegalStateException("flush failed");
                })
                .shutdownHook("next", 5, Duration.ofSeconds(5), () -> log.add("hook:next"))
                .build()) {
            app.start();
        }
        assertThat(log.of("hook:")).containsExactly("next");
        assertThat(db.stops).hasValue(1);
    }

    @Test
    void close_boundsAHangingHook_byItsOwnTimeout_andInterruptsIt() {
        AtomicBoolean interrupted = new AtomicBoolean();
        TestComponent db = new TestComponent("db", log);
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .shutdownHook("hangs", 10, Duration.ofMillis(200), () -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                })
                .shutdownHook("after", 5, Duration.ofSeconds(5), () -> log.add("hook:after"))
                .build();
        app.start();
        long t0 = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isLessThan(Duration.ofSeconds(10)); // far below the 25 s budget: bounded by the 200 ms timeout
        assertThat(log.of("hook:")).containsExactly("after");
        assertThat(db.stops).hasValue(1);
        org.awaitility.Awaitility.await().untilTrue(interrupted);
    }

    @Test
    void close_boundsAHangingStop_byItsTimeout_andStillStopsTheOthers() {
        Set<String> threadsBefore = LifecycleThreads.live();
        TestComponent db = new TestComponent("db", log);
        TestComponent stuck = new TestComponent("stuck", log);
        TestComponent web = new TestComponent("web", log);
        stuck.stopGate = new CountDownLatch(1); // never opened
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .component("stuck", stuck, o -> o.dependsOn("db").stopTimeout(Duration.ofMillis(200)))
                .component("web", web, o -> o.dependsOn("db"))
                .build();
        app.start();
        long t0 = System.nanoTime();
        app.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(app.stage("stuck")).isEqualTo(Stage.FAILED);
        assertThat(app.health().component("stuck").orElseThrow().lastError())
                .isEqualTo("ComponentTimeoutException: stop of 'stuck' did not finish within 200 ms");
        assertThat(app.stage("web")).isEqualTo(Stage.STOPPED);
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
        // db stops only after both of its dependents are done (one stopped, one given up on)
        assertThat(log.indexOf("stop-begin:db")).isGreaterThan(log.indexOf("stop:web"));
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void close_respectsTheTotalBudget_evenWhenHooksAndStopsHang() {
        TestComponent stuck = new TestComponent("stuck", log);
        stuck.stopGate = new CountDownLatch(1);
        Lifecycle app = Lifecycle.builder()
                .component("stuck", stuck, o -> o.stopTimeout(Duration.ofSeconds(30)))
                .shutdownHook("slow1", 2, Duration.ofSeconds(30), () -> new CountDownLatch(1).await())
                .shutdownHook("slow2", 1, Duration.ofSeconds(30), () -> new CountDownLatch(1).await())
                .shutdownBudget(Duration.ofMillis(600))
                .build();
        app.start();
        long t0 = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // 600 ms budget; the timeouts alone would allow 90 s. Generous margin for a loaded machine.
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(app.stage("stuck")).isNotEqualTo(Stage.RUNNING);
    }

    @Test
    void close_waitsTheDrainDelay_beforeRunningHooks() {
        long[] hookAt = new long[1];
        Lifecycle app = Lifecycle.builder()
                .component("db", new TestComponent("db", log))
                .drainDelay(Duration.ofMillis(300))
                .shutdownHook("h", 1, Duration.ofSeconds(1), () -> hookAt[0] = System.nanoTime())
                .build();
        app.start();
        long t0 = System.nanoTime();
        app.close();
        assertThat(Duration.ofNanos(hookAt[0] - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void close_isIdempotent_andConcurrentCallersAllReturnAfterTheShutdown() throws Exception {
        TestComponent db = new TestComponent("db", log);
        db.stopGate = new CountDownLatch(1);
        Lifecycle app = Lifecycle.builder().component("db", db).build();
        app.start();
        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(app::close);
            closers.add(t);
            t.start();
        }
        org.awaitility.Awaitility.await().until(() -> app.stage("db") == Stage.STOPPING);
        for (Thread t : closers) {
            assertThat(t.isAlive()).isTrue();
        }
        db.stopGate.countDown();
        for (Thread t : closers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(db.stops).hasValue(1);
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
    }

    @Test
    void close_onAnInterruptedThread_stillShutsDownCompletely_andKeepsTheInterrupt() {
        TestComponent db = new TestComponent("db", log);
        Lifecycle app = Lifecycle.builder().component("db", db)
                .shutdownHook("h", 1, Duration.ofSeconds(5), () -> log.add("hook:h")).build();
        app.start();
        Thread.currentThread().interrupt();
        try {
            app.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(log.of("hook:")).containsExactly("h");
        assertThat(app.stage("db")).isEqualTo(Stage.STOPPED);
    }

    @Test
    void close_fromAJvmShutdownHookThread_isSafe_andRemovesItsOwnHook() throws Exception {
        TestComponent db = new TestComponent("db", log);
        Lifecycle app = Lifecycle.builder().component("db", db).installShutdownHook().build();
        app.start();
        app.close(); // removes the JVM hook; a second close from any thread is a no-op
        Thread t = new Thread(app::close);
        t.start();
        t.join(5_000);
        assertThat(db.stops).hasValue(1);
    }
}

package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthMonitoringTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final EventLog log = new EventLog();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private Lifecycle app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private Lifecycle start(LifecycleBuilder b) {
        app = b.scheduler(clock).listener(transitions::add).build();
        app.start();
        return app;
    }

    /** Advances to the next check and waits until it has been recorded. */
    private void tick(TestComponent c) {
        int before = c.checks.get();
        String lastCheckBefore = String.valueOf(app.health().component(c.name).orElseThrow().lastCheck());
        clock.awaitDue(INTERVAL, app.components().size()); // every component's next check is scheduled
        clock.advance(INTERVAL);
        await().until(() -> c.checks.get() > before
                && !String.valueOf(app.health().component(c.name).orElseThrow().lastCheck()).equals(lastCheckBefore));
    }

    @Test
    void health_runsChecksOffTheCallersThread_onTheSchedule_andCachesResults() {
        TestComponent db = new TestComponent("db", log);
        start(Lifecycle.builder().component("db", db, o -> o.healthCheck(INTERVAL, Duration.ofSeconds(1))));
        assertThat(db.checks).hasValue(0);
        app.health();
        app.health();
        assertThat(db.checks).as("health() reads the cache, never runs a check").hasValue(0);
        tick(db);
        assertThat(db.checks).hasValue(1);
        assertThat(db.checkThread).startsWith("foundation-lifecycle-").contains("-worker-");
        assertThat(app.health().component("db").orElseThrow().lastCheck()).isNotNull();
    }

    @Test
    void health_becomesUnhealthy_onlyAfterTheFailureThreshold_andRecovers_afterTheSuccessThreshold() {
        TestComponent db = new TestComponent("db", log);
        start(Lifecycle.builder().component("db", db,
                o -> o.healthCheck(INTERVAL, Duration.ofSeconds(1)).healthThresholds(3, 2).restart(RestartPolicy.TEMPORARY)));
        db.health = Health.unhealthy(new IOException("connection refused"));
        tick(db);
        tick(db);
        assertThat(app.health().component("db").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(app.health().component("db").orElseThrow().consecutiveFailures()).isEqualTo(2);
        tick(db);
        ComponentHealth h = app.health().component("db").orElseThrow();
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.lastError()).isEqualTo("IOException: connection refused");
        // the worker records the result (what tick waits for) before it changes the stage
        await().atMost(Duration.ofSeconds(10)).until(() -> app.stage("db") == Stage.DEGRADED);
        assertThat(app.health().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(app.health().ready()).isFalse();

        db.health = Health.healthy();
        tick(db);
        assertThat(app.health().component("db").orElseThrow().status()).as("one success is not enough").isEqualTo(HealthStatus.UNHEALTHY);
        tick(db);
        assertThat(app.health().component("db").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
        await().atMost(Duration.ofSeconds(10)).until(() -> app.stage("db") == Stage.RUNNING);
        assertThat(app.health().ready()).isTrue();
        // the health check's worker thread tells the listener after the stage is visible: wait for the listener
        await().atMost(Duration.ofSeconds(10)).until(() -> transitions.stream()
                .anyMatch(t -> t.from() == Stage.DEGRADED && t.to() == Stage.RUNNING));
        assertThat(transitions).extracting(t -> t.from() + ">" + t.to())
                .containsSubsequence("RUNNING>DEGRADED", "DEGRADED>RUNNING");
    }

    @Test
    void health_degradedResult_isImmediate_andMakesTheAggregateDegraded_butStillReady() {
        TestComponent db = new TestComponent("db", log);
        start(Lifecycle.builder().component("db", db, o -> o.healthCheck(INTERVAL, Duration.ofSeconds(1))));
        db.health = Health.degraded("replica lag 5 s");
        tick(db);
        HealthReport r = app.health();
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.component("db").orElseThrow().detail()).isEqualTo("replica lag 5 s");
        // the worker records the result (what tick waits for) before it changes the stage
        await().atMost(Duration.ofSeconds(10)).until(() -> app.stage("db") == Stage.DEGRADED);
        assertThat(r.ready()).isTrue();
    }

    @Test
    void aggregate_isDegraded_whenOnlyANonCriticalComponentIsUnhealthy() {
        TestComponent db = new TestComponent("db", log);
        TestComponent metrics = new TestComponent("metrics", log);
        start(Lifecycle.builder()
                .component("db", db, o -> o.healthCheck(INTERVAL, Duration.ofSeconds(1)))
                .component("metrics", metrics, o -> o.critical(false).healthCheck(INTERVAL, Duration.ofSeconds(1))
                        .healthThresholds(1, 1).restart(RestartPolicy.TEMPORARY)));
        metrics.health = Health.unhealthy("exporter down");
        tick(metrics);
        HealthReport r = app.health();
        assertThat(r.component("metrics").orElseThrow().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.ready()).as("only critical components decide readiness").isTrue();
    }

    @Test
    void health_aHangingCheck_isDegraded_atItsTimeout_andNoCrash() {
        TestComponent db = new TestComponent("db", log);
        start(Lifecycle.builder().component("db", db,
                o -> o.healthCheck(INTERVAL, Duration.ofSeconds(2)).healthThresholds(1, 1)));
        db.healthGate = new CountDownLatch(1); // never opens: the check hangs until interrupted
        clock.advance(INTERVAL);
        await().until(() -> db.checkThread != null);
        clock.advance(Duration.ofSeconds(2));
        ComponentHealth h = app.health().component("db").orElseThrow();
        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.stage()).isEqualTo(Stage.DEGRADED);
        assertThat(h.detail()).isEqualTo("health check of 'db' did not finish within 2000 ms");
        assertThat(h.consecutiveFailures()).isZero();
        assertThat(app.health().ready()).isTrue();
        assertThat(db.stops).as("a slow check is not a crash").hasValue(0);
    }

    @Test
    void health_aHangingCheck_countsAsAFailure_atItsTimeout_whenConfigured() {
        TestComponent db = new TestComponent("db", log);
        start(Lifecycle.builder().component("db", db,
                o -> o.healthCheck(INTERVAL, Duration.ofSeconds(2)).healthThresholds(1, 1).healthTimeoutFails(true)
                        .restart(RestartPolicy.TEMPORARY)));
        db.healthGate = new CountDownLatch(1); // never opens: the check hangs until interrupted
        clock.advance(INTERVAL);
        await().until(() -> db.checkThread != null);
        assertThat(app.health().component("db").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
        clock.advance(Duration.ofSeconds(2));
        ComponentHealth h = app.health().component("db").orElseThrow();
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.lastError()).isEqualTo("ComponentTimeoutException: health check of 'db' did not finish within 2000 ms");
    }

    @Test
    void health_beforeStart_andAfterClose_isUnhealthy_andNotReady() {
        TestComponent db = new TestComponent("db", log);
        app = Lifecycle.builder().component("db", db).scheduler(clock).build();
        assertThat(app.health().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(app.health().ready()).isFalse();
        assertThat(app.health().started()).isFalse();
        app.start();
        assertThat(app.health().status()).isEqualTo(HealthStatus.HEALTHY);
        app.close();
        HealthReport r = app.health();
        assertThat(r.ready()).isFalse();
        assertThat(r.shuttingDown()).isTrue();
        assertThat(r.component("db").orElseThrow().stage()).isEqualTo(Stage.STOPPED);
    }
}

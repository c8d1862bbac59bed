package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupervisionTest {

    private final EventLog log = new EventLog();
    private final ManualScheduler clock = new ManualScheduler();
    private Lifecycle app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private static Supervision.Builder noJitter() {
        return Supervision.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).jitter(0);
    }

    /**
     * Health checks every day: these tests move the manual clock by minutes at a time, and the checks'
     * timeouts would then fire before the worker threads had a chance to run them.
     */
    private static ComponentOptions rarelyChecked(ComponentOptions o) {
        return o.healthCheck(Duration.ofDays(1), Duration.ofDays(1));
    }

    /**
     * Waits until the supervisor has scheduled {@code n} restarts (tasks due within the maximum backoff; the
     * health checks here are a day away), so that advancing the clock afterwards fires them.
     */
    private void awaitRestartsScheduled(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.dueWithin(Duration.ofSeconds(30)) >= n);
    }

    private void awaitStage(String name, Stage stage) {
        await().atMost(Duration.ofSeconds(10)).until(() -> app.stage(name) == stage);
    }

    private TestComponent[] chain(LifecycleBuilder b, Supervision s) {
        TestComponent db = new TestComponent("db", log);
        TestComponent cache = new TestComponent("cache", log);
        TestComponent web = new TestComponent("web", log);
        TestComponent audit = new TestComponent("audit", log);
        app = b.component("db", db, SupervisionTest::rarelyChecked)
                .component("cache", cache, o -> rarelyChecked(o).dependsOn("db"))
                .component("web", web, o -> rarelyChecked(o).dependsOn("cache"))
                .component("audit", audit, SupervisionTest::rarelyChecked)
                .supervision(s).scheduler(clock).build();
        app.start();
        return new TestComponent[] {db, cache, web, audit};
    }

    @Test
    void oneForOne_restartsOnlyTheCrashedComponent_afterTheBackoff() {
        TestComponent[] c = chain(Lifecycle.builder(), noJitter().strategy(Supervision.Strategy.ONE_FOR_ONE).build());
        c[1].context.crashed(new IOException("eviction thread died"));
        awaitStage("cache", Stage.FAILED);
        await().until(() -> c[1].stops.get() == 1); // cleaned up
        assertThat(app.health().ready()).isFalse();
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofMillis(999));
        // the restart runs on the supervisor's thread once its timer fires: the timer must still be pending
        assertThat(clock.dueWithin(Duration.ofMillis(1))).as("not before the backoff").isEqualTo(1);
        assertThat(c[1].starts).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        awaitStage("cache", Stage.RUNNING);
        assertThat(c[1].starts).hasValue(2);
        assertThat(List.of(c[0].starts.get(), c[2].starts.get(), c[3].starts.get())).containsOnly(1);
        assertThat(app.health().component("cache").orElseThrow().restarts()).isEqualTo(1);
        assertThat(app.health().component("cache").orElseThrow().lastError()).isEqualTo("IOException: eviction thread died");
        assertThat(app.health().ready()).isTrue();
    }

    @Test
    void restForOne_restartsTheCrashedComponentAndItsDependents_inOrder() {
        TestComponent[] c = chain(Lifecycle.builder(),
                noJitter().strategy(Supervision.Strategy.REST_FOR_ONE).build());
        c[1].context.crashed(new IOException("boom"));
        awaitStage("web", Stage.STOPPED);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("web", Stage.RUNNING);
        awaitStage("cache", Stage.RUNNING);
        assertThat(c[0].starts).as("db is a dependency, not a dependent").hasValue(1);
        assertThat(c[1].starts).hasValue(2);
        assertThat(c[2].starts).hasValue(2);
        assertThat(c[3].starts).as("audit is independent").hasValue(1);
        List<String> restarts = log.of("start:").subList(4, 6);
        assertThat(restarts).containsExactly("cache", "web");
    }

    @Test
    void oneForAll_restartsEveryComponent_stoppingInReverseAndStartingInOrder() {
        TestComponent[] c = chain(Lifecycle.builder(),
                noJitter().strategy(Supervision.Strategy.ONE_FOR_ALL).build());
        int stopsBefore = log.of("stop:").size();
        c[1].context.crashed(new IOException("boom"));
        awaitStage("db", Stage.STOPPED);
        // audit is independent of the chain: its stop may run on another worker and end after db's
        await().atMost(Duration.ofSeconds(10)).until(() -> log.of("stop:").size() - stopsBefore >= 4);
        List<String> stops = log.of("stop:").subList(stopsBefore, log.of("stop:").size());
        assertThat(stops).contains("cache", "web", "db", "audit");
        // web depends on db only through cache (stopped first, as the crashed one): web's stop still ends
        // before db's begins
        List<String> events = log.events();
        assertThat(events.indexOf("stop:web")).isLessThan(events.indexOf("stop-begin:db"));
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        for (String name : List.of("db", "cache", "web", "audit")) {
            awaitStage(name, Stage.RUNNING);
        }
        for (TestComponent t : c) {
            assertThat(t.starts).as(t.name).hasValue(2);
        }
        List<String> restarts = log.of("start:").subList(4, 8);
        assertThat(restarts.indexOf("db")).isLessThan(restarts.indexOf("cache"));
        assertThat(restarts.indexOf("cache")).isLessThan(restarts.indexOf("web"));
    }

    @Test
    void crashLoop_escalatesAfterTheIntensity_andBackoffGrows() {
        TestComponent[] c = chain(Lifecycle.builder(), noJitter().intensity(3, Duration.ofMinutes(5)).build());
        TestComponent cache = c[1];
        long[] expectedMillis = {1000, 2000, 4000};
        for (int i = 0; i < 3; i++) {
            cache.context.crashed(new IOException("crash " + i));
            awaitStage("cache", Stage.FAILED);
            awaitRestartsScheduled(1);
            clock.advance(Duration.ofMillis(expectedMillis[i] - 1));
            assertThat(clock.dueWithin(Duration.ofMillis(1))).as("restart %d waits %d ms", i + 1, expectedMillis[i])
                    .isEqualTo(1);
            assertThat(cache.starts).hasValue(i + 1);
            clock.advance(Duration.ofMillis(1));
            awaitStage("cache", Stage.RUNNING);
            assertThat(cache.starts).hasValue(i + 2);
        }
        assertThat(app.health().status()).isEqualTo(HealthStatus.HEALTHY);
        cache.context.crashed(new IOException("crash 3"));
        awaitStage("cache", Stage.FAILED);
        await().until(() -> !app.health().live());
        assertThat(clock.dueWithin(Duration.ofMinutes(1))).as("no restart after escalating").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(app.stage("cache")).isEqualTo(Stage.FAILED);
        assertThat(cache.starts).hasValue(4);
        HealthReport r = app.health();
        assertThat(r.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(r.live()).isFalse();
        assertThat(r.component("cache").orElseThrow().restarts()).isEqualTo(3);
        String gaveUp = "supervision gave up: 'cache' went down more than 3 times within PT5M; last crash: IOException: crash 3;"
                + " it stays FAILED until the application restarts";
        assertThat(r.component("cache").orElseThrow().detail()).isEqualTo(gaveUp);
        assertThat(r.component("cache").orElseThrow().lastError()).isEqualTo(gaveUp);
    }

    @Test
    void intensity_forgetsRestartsOlderThanThePeriod() {
        TestComponent[] c = chain(Lifecycle.builder(), noJitter().intensity(1, Duration.ofMinutes(1)).build());
        c[1].context.crashed(new IOException("first"));
        awaitStage("cache", Stage.FAILED);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("cache", Stage.RUNNING);
        clock.advance(Duration.ofMinutes(2));
        c[1].context.crashed(new IOException("much later"));
        awaitStage("cache", Stage.FAILED);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("cache", Stage.RUNNING);
        assertThat(app.health().live()).isTrue();
    }

    @Test
    void escalation_canStopTheWholeApplication() {
        TestComponent[] c = chain(Lifecycle.builder(),
                noJitter().intensity(0, Duration.ofMinutes(1)).stopApplicationOnEscalation(true).build());
        c[2].context.crashed(new IOException("fatal"));
        awaitStage("db", Stage.STOPPED);
        awaitStage("audit", Stage.STOPPED);
        assertThat(app.stage("web")).isEqualTo(Stage.FAILED);
        assertThat(app.health().shuttingDown()).isTrue();
    }

    @Test
    void restartPolicies_followOtpSemantics_forCrashesAndNormalExits() {
        TestComponent perm = new TestComponent("perm", log);
        TestComponent trans = new TestComponent("trans", log);
        TestComponent temp = new TestComponent("temp", log);
        TestComponent trans2 = new TestComponent("trans2", log);
        app = Lifecycle.builder()
                .component("perm", perm, o -> rarelyChecked(o).restart(RestartPolicy.PERMANENT))
                .component("trans", trans, o -> rarelyChecked(o).restart(RestartPolicy.TRANSIENT))
                .component("trans2", trans2, o -> rarelyChecked(o).restart(RestartPolicy.TRANSIENT))
                .component("temp", temp, o -> rarelyChecked(o).restart(RestartPolicy.TEMPORARY))
                .supervision(noJitter().build()).scheduler(clock).build();
        app.start();
        perm.context.exited();
        trans.context.exited();
        trans2.context.crashed(new IOException("boom"));
        temp.context.crashed(new IOException("boom"));
        awaitStage("perm", Stage.STOPPED);
        awaitStage("trans", Stage.STOPPED);
        awaitStage("trans2", Stage.FAILED);
        awaitStage("temp", Stage.FAILED);
        await().until(() -> temp.stops.get() == 1 && trans.stops.get() == 1);
        awaitRestartsScheduled(2);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("perm", Stage.RUNNING);
        awaitStage("trans2", Stage.RUNNING);
        assertThat(clock.dueWithin(Duration.ofMinutes(1))).as("trans and temp are not restarted").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(app.stage("trans")).isEqualTo(Stage.STOPPED);
        assertThat(app.stage("temp")).isEqualTo(Stage.FAILED);
        assertThat(trans.starts).hasValue(1);
        assertThat(temp.starts).hasValue(1);
    }

    @Test
    void staleCrashSignal_fromAnEarlierStart_isIgnored() {
        TestComponent[] c = chain(Lifecycle.builder(), noJitter().build());
        ComponentContext old = c[1].context;
        old.crashed(new IOException("first"));
        awaitStage("cache", Stage.FAILED);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("cache", Stage.RUNNING);
        old.crashed(new IOException("late duplicate"));
        // the supervisor handles signals one at a time, in order: once audit's later crash has been handled (its
        // restart scheduled), so has the stale one
        c[3].context.crashed(new IOException("after the duplicate"));
        awaitStage("audit", Stage.FAILED);
        awaitRestartsScheduled(1);
        assertThat(app.stage("cache")).isEqualTo(Stage.RUNNING);
        assertThat(clock.dueWithin(Duration.ofMinutes(1))).as("only audit's restart").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        awaitStage("audit", Stage.RUNNING);
        assertThat(app.stage("cache")).isEqualTo(Stage.RUNNING);
        assertThat(c[1].starts).hasValue(2);
    }

    @Test
    void healthStayingUnhealthyPastTheThreshold_triggersARestart() {
        TestComponent db = new TestComponent("db", log);
        app = Lifecycle.builder()
                .component("db", db, o -> o.healthCheck(Duration.ofSeconds(10), Duration.ofSeconds(1)).healthThresholds(2, 1))
                .supervision(noJitter().build()).scheduler(clock).build();
        app.start();
        db.health = Health.unhealthy("wedged");
        for (int i = 1; i <= 2; i++) {
            int n = i;
            clock.awaitDue(Duration.ofSeconds(10), 1);
            clock.advance(Duration.ofSeconds(10));
            await().until(() -> db.checks.get() == n && (n == 2 ? app.stage("db") == Stage.FAILED
                    : app.health().component("db").orElseThrow().consecutiveFailures() == 1));
        }
        db.health = Health.healthy();
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        awaitStage("db", Stage.RUNNING);
        assertThat(db.starts).hasValue(2);
        assertThat(db.stops).hasValue(1);
        assertThat(app.health().component("db").orElseThrow().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void failedRestart_countsAsAnotherCrash_andEventuallyEscalates() {
        TestComponent db = new TestComponent("db", log);
        app = Lifecycle.builder().component("db", db, SupervisionTest::rarelyChecked)
                .supervision(noJitter().intensity(2, Duration.ofMinutes(5)).build()).scheduler(clock).build();
        app.start();
        db.startFailure = new IOException("still down");
        db.context.crashed(new IOException("down"));
        awaitStage("db", Stage.FAILED);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> db.starts.get() == 2);
        awaitRestartsScheduled(1);
        clock.advance(Duration.ofSeconds(2));
        await().until(() -> db.starts.get() == 3);
        await().until(() -> !app.health().live());
        assertThat(clock.dueWithin(Duration.ofMinutes(1))).as("no restart after escalating").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(db.starts).hasValue(3);
        assertThat(app.stage("db")).isEqualTo(Stage.FAILED);
    }
}

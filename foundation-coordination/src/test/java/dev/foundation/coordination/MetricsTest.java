package dev.foundation.coordination;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Coordination coordination = Coordination.local(CoordinationConfig.custom()
            .meterRegistry(registry).leaderLease(Duration.ofSeconds(2)).build());
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        other.shutdownNow();
        other.awaitTermination(10, TimeUnit.SECONDS);
        coordination.close();
    }

    @Test
    void meters_countAcquisitionsTimeoutsLossesLeadershipAndUnits() throws Exception {
        LockLease lease = coordination.lock("m").acquire(Duration.ZERO, Duration.ofSeconds(5));
        other.submit(() -> coordination.lock("m").tryAcquire(Duration.ofMillis(20), Duration.ofSeconds(5)))
                .get(10, TimeUnit.SECONDS);
        lease.close();
        assertThat(registry.get("foundation.coordination.lock.acquire")
                .tags("backend", "local", "lock", "m", "outcome", "acquired").timer().count()).isEqualTo(1);
        assertThat(registry.get("foundation.coordination.lock.acquire")
                .tags("lock", "m", "outcome", "timeout").timer().count()).isEqualTo(1);

        coordination.lock("short", LockOptions.defaults().autoRenew(false)).acquire(Duration.ZERO, Duration.ofMillis(40));
        // the watchdog registers the counter, then increments it: wait for the count, not the meter
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("foundation.coordination.lock.lost")
                .tags("lock", "short").counters().stream().mapToDouble(c -> c.count()).sum() >= 1);
        assertThat(registry.get("foundation.coordination.lock.lost").tags("lock", "short").counter().count())
                .isEqualTo(1);

        LeaderElection e = coordination.election("metered", new CoordinationKit.RecordingListener());
        await().atMost(Duration.ofSeconds(10)).until(e::isLeader);
        e.close();
        assertThat(registry.get("foundation.coordination.election.transitions")
                .tags("election", "metered", "event", "elected").counter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.coordination.election.transitions")
                .tags("election", "metered", "event", "revoked").counter().count()).isEqualTo(1);

        coordination.distribute("t", List.of(new WorkUnit<>("a", 1), new WorkUnit<>("b", -1)), u -> {
            if (u.payload() < 0) {
                throw new IllegalStateException("no");
            }
            return u.payload();
        }, r -> r);
        assertThat(registry.get("foundation.coordination.work.units").tags("task", "t", "outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("foundation.coordination.work.units").tags("task", "t", "outcome", "failure")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void coordinationMeters_bindsAfterConstruction_includingMetersCreatedBefore() throws Exception {
        try (Coordination unbound = Coordination.local(CoordinationConfig.defaults())) {
            unbound.lock("early").acquire(Duration.ZERO, Duration.ofSeconds(5)).close();
            SimpleMeterRegistry late = new SimpleMeterRegistry();
            new CoordinationMeters(unbound).bindTo(late);
            unbound.lock("early").acquire(Duration.ZERO, Duration.ofSeconds(5)).close();
            // the acquisition before the binding went nowhere; the one after is counted
            assertThat(late.get("foundation.coordination.lock.acquire")
                    .tags("backend", "local", "lock", "early", "outcome", "acquired").timer().count()).isEqualTo(1);

            SimpleMeterRegistry second = new SimpleMeterRegistry();
            new CoordinationMeters(unbound).bindTo(second);
            unbound.lock("early").acquire(Duration.ZERO, Duration.ofSeconds(5)).close();
            assertThat(late.get("foundation.coordination.lock.acquire").tags("lock", "early").timer().count())
                    .isEqualTo(2);
            assertThat(second.get("foundation.coordination.lock.acquire").tags("lock", "early").timer().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void coordinationMeters_rejectsACoordinationItDidNotBuild() {
        Coordination foreign = (Coordination) java.lang.reflect.Proxy.newProxyInstance(
                Coordination.class.getClassLoader(), new Class<?>[] {Coordination.class}, (p, m, a) -> null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CoordinationMeters(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("coordination must be made by Coordination.local or Coordination.hazelcast");
    }
}

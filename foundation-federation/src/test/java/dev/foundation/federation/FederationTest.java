package dev.foundation.federation;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FederationTest {

    private final MutableClock clock = new MutableClock();
    private final List<Federation<?>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Federation::close);
    }

    private <R> Federation<R> open(FederationBuilder<R> b) {
        Federation<R> f = b.clock(clock).build();
        opened.add(f);
        return f;
    }

    private Federation<String> three(Strategy strategy) {
        return open(Federation.<String>builder("t").strategy(strategy)
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")).pool(Pool.of("c", "C")));
    }

    @Test
    void builder_rejectsBadArguments_withParameterValueAndExpectation() {
        assertThatThrownBy(() -> Pool.of("a", "A").withWeight(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weight must be between 1 and 1000000 but was 0");
        assertThatThrownBy(() -> Pool.of("a", "A").withCapacity(-2))
                .hasMessage("capacity must be > 0 but was -2");
        assertThatThrownBy(() -> Pool.of(" ", "A")).hasMessage("name must not be blank but was ' '");
        assertThatThrownBy(() -> Federation.builder("f").maxAttempts(0))
                .hasMessage("maxAttempts must be between 1 and 100 but was 0");
        assertThatThrownBy(() -> Federation.builder("f").attemptTimeout(Duration.ZERO))
                .hasMessage("attemptTimeout must be > 0 but was PT0S");
        assertThatThrownBy(() -> Federation.<String>builder("f").pool(Pool.of("a", "A")).pool(Pool.of("a", "B")))
                .hasMessage("pool name must be unique but 'a' is given twice");
        assertThatThrownBy(() -> new OutlierEjection(5, Duration.ofSeconds(10), Duration.ofSeconds(1), 50))
                .hasMessage("maxEjectionTime must be >= baseEjectionTime (PT10S) but was PT1S");
        assertThatThrownBy(() -> CallOptions.defaults().withLocality(""))
                .hasMessage("locality must be null or not blank but was ''");
    }

    @Test
    void execute_roundRobin_visitsEachPoolInTurn() {
        Federation<String> f = three(Strategy.roundRobin());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(f.execute(r -> r));
        }
        assertThat(seen).containsExactly("A", "B", "C", "A", "B", "C");
    }

    @Test
    void execute_smoothWeighted_spreadsPicksOfHeavyPool() {
        Federation<String> f = open(Federation.<String>builder("w")
                .pool(Pool.of("a", "A").withWeight(5)).pool(Pool.of("b", "B")).pool(Pool.of("c", "C")));
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            seen.append(f.<String>execute(r -> r));
        }
        assertThat(seen.toString()).isEqualTo("AABACAA"); // nginx's documented sequence for weights 5, 1, 1
    }

    @Test
    void idempotentCall_failsOver_toAnotherPool() {
        Federation<String> f = three(Strategy.roundRobin());
        List<String> tried = new ArrayList<>();
        String result = f.execute(CallOptions.idempotent(), r -> {
            tried.add(r);
            if (r.equals("A")) {
                throw new IOException("A is down");
            }
            return r;
        });
        assertThat(result).isIn("B", "C");
        assertThat(tried).containsExactly("A", result);
    }

    @Test
    void nonIdempotentCall_runsOnce_andReportsThePool() {
        Federation<String> f = three(Strategy.roundRobin());
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> f.execute(r -> {
            runs.incrementAndGet();
            throw new IOException("down");
        })).isInstanceOfSatisfying(FederationCallException.class, e -> {
            assertThat(e.pools()).containsExactly("a");
            assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("down");
        });
        assertThat(runs).hasValue(1);
    }

    @Test
    void idempotentCall_stopsAfterMaxAttempts_eachOnADifferentPool() {
        Federation<String> f = open(Federation.<String>builder("m").strategy(Strategy.roundRobin()).maxAttempts(2)
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")).pool(Pool.of("c", "C")));
        assertThatThrownBy(() -> f.execute(CallOptions.idempotent(), r -> {
            throw new IllegalStateException("down " + r);
        })).isInstanceOfSatisfying(FederationCallException.class, e -> {
            assertThat(e.pools()).hasSize(2).doesNotHaveDuplicates().startsWith("a");
            assertThat(e.getCause()).hasMessage("down " + e.pools().get(1).toUpperCase());
            assertThat(e.getCause().getSuppressed()).hasSize(1);
        });
    }

    @Test
    void failurePredicate_excludesAnswers_fromRetryAndPoolFailures() {
        Federation<String> f = open(Federation.<String>builder("p").strategy(Strategy.roundRobin())
                .failurePredicate(t -> !(t instanceof IllegalArgumentException))
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> f.execute(CallOptions.idempotent(), r -> {
                runs.incrementAndGet();
                throw new IllegalArgumentException("no such order");
            })).isInstanceOf(FederationCallException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
        }
        assertThat(runs).hasValue(20);
        assertThat(f.pools()).allSatisfy(p -> {
            assertThat(p.ejectedUntil()).isNull();
            assertThat(p.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }

    @Test
    void outlier_isEjected_thenReadmittedWhenItsTimeHasPassed() {
        Federation<String> f = open(Federation.<String>builder("e").strategy(Strategy.roundRobin())
                .outlierEjection(new OutlierEjection(3, Duration.ofSeconds(10), Duration.ofSeconds(60), 50))
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        Map<String, Integer> counts = new HashMap<>();
        PoolCall<String, String> call = r -> {
            counts.merge(r, 1, Integer::sum);
            if (r.equals("A")) {
                throw new IOException("A is down");
            }
            return r;
        };
        for (int i = 0; i < 6; i++) {
            assertThat(f.execute(CallOptions.idempotent(), call)).isEqualTo("B");
        }
        assertThat(counts).containsEntry("a".toUpperCase(), 3);
        assertThat(f.pool("a").orElseThrow().ejectedUntil()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(f.pool("a").orElseThrow().status()).isEqualTo(HealthStatus.UNHEALTHY);
        for (int i = 0; i < 10; i++) {
            f.execute(CallOptions.idempotent(), call);
        }
        assertThat(counts).containsEntry("A", 3);
        clock.advance(Duration.ofSeconds(10));
        assertThat(f.pool("a").orElseThrow().ejectedUntil()).isNull();
        for (int i = 0; i < 6; i++) {
            f.execute(CallOptions.idempotent(), call);
        }
        assertThat(counts.get("A")).isEqualTo(6); // re-admitted, failed 3 more times, ejected again
        assertThat(f.pool("a").orElseThrow().ejectedUntil()).isEqualTo(clock.instant().plusSeconds(20));
    }

    @Test
    void ejection_isCapped_byMaxEjectedPercent() {
        Federation<String> f = open(Federation.<String>builder("cap").strategy(Strategy.roundRobin())
                .outlierEjection(new OutlierEjection(1, Duration.ofSeconds(10), Duration.ofSeconds(60), 50))
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> f.execute(CallOptions.idempotent(), r -> {
                throw new IOException("all down");
            })).isInstanceOf(FederationCallException.class);
        }
        assertThat(f.pools()).filteredOn(p -> p.ejectedUntil() != null).hasSize(1);
    }

    @Test
    void openBreaker_keepsCallsAway_untilItsWaitHasPassed() {
        Federation<String> f = open(Federation.<String>builder("cb").strategy(Strategy.roundRobin())
                .outlierEjection(OutlierEjection.disabled())
                .circuitBreaker(CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4)
                        .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(30))
                        .permittedNumberOfCallsInHalfOpenState(1).build())
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        AtomicInteger onA = new AtomicInteger();
        PoolCall<String, String> call = r -> {
            if (r.equals("A")) {
                onA.incrementAndGet();
                throw new IOException("A is down");
            }
            return r;
        };
        for (int i = 0; i < 8; i++) {
            f.execute(CallOptions.idempotent(), call);
        }
        assertThat(onA).hasValue(4);
        assertThat(f.pool("a").orElseThrow().breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        for (int i = 0; i < 20; i++) {
            assertThat(f.execute(call)).isEqualTo("B");
        }
        assertThat(onA).hasValue(4);
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 4; i++) {
            f.execute(CallOptions.idempotent(), call);
        }
        assertThat(onA).hasValue(5); // one trial call in half-open, which failed and re-opened the breaker
        assertThat(f.pool("a").orElseThrow().breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void drain_letsInFlightCallFinish_andSendsNewCallsElsewhere() throws Exception {
        Federation<String> f = open(Federation.<String>builder("d").strategy(Strategy.roundRobin())
                .pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = f.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> drained = f.drainPool("a");
        assertThat(drained).isNotDone();
        for (int i = 0; i < 5; i++) {
            assertThat(f.<String>execute(r -> r)).isEqualTo("B");
        }
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("A");
        drained.get(30, TimeUnit.SECONDS);
        assertThat(f.pool("a").orElseThrow().state()).isEqualTo(PoolState.DRAINING);
        f.resumePool("a");
        assertThat(List.of(f.<String>execute(r -> r), f.<String>execute(r -> r))).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void resume_cancelsAPendingDrain() throws Exception {
        Federation<String> f = three(Strategy.roundRobin());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = f.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> drained = f.drainPool("a");
        f.resumePool("a");
        assertThatThrownBy(() -> drained.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("A");
    }

    @Test
    void remove_completesWithTheResource_whenTheLastCallReturns_andRemovesMeters() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Federation<String> f = open(Federation.<String>builder("r").strategy(Strategy.roundRobin())
                .meterRegistry(registry).pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = f.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> removed = f.removePool("a");
        assertThat(f.pool("a")).isEmpty();
        assertThat(removed).isNotDone();
        assertThat(f.<String>execute(r -> r)).isEqualTo("B");
        assertThat(registry.find("foundation.federation.calls").tag("pool", "a").counter()).isNotNull();
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(removed.get(30, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(registry.find("foundation.federation.calls").tag("pool", "a").counter()).isNull();
        assertThatThrownBy(() -> f.removePool("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a member of federation 'r' but was 'a'");
    }

    @Test
    void attemptTimeout_abandonsAHungAttempt_andRetriesElsewhere() throws Exception {
        Federation<String> f = open(Federation.<String>builder("to").strategy(Strategy.roundRobin())
                .attemptTimeout(Duration.ofMillis(200)).pool(Pool.of("a", "A")).pool(Pool.of("b", "B")));
        CountDownLatch interrupted = new CountDownLatch(1);
        String result = f.execute(CallOptions.idempotent(), r -> {
            if (r.equals("A")) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            return r;
        });
        assertThat(result).isEqualTo("B");
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> f.execute(r -> {
            new CountDownLatch(1).await();
            return r;
        })).isInstanceOf(FederationCallException.class).hasCauseInstanceOf(AttemptTimeoutException.class);
    }

    @Test
    void leastLoaded_avoidsThePoolWithCallsInFlight() throws Exception {
        Federation<String> f = open(Federation.<String>builder("ll").strategy(Strategy.leastLoaded())
                .pool(Pool.of("a", "A").withCapacity(10)).pool(Pool.of("b", "B").withCapacity(10)));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> busy = f.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        String busyPool = f.pools().stream().filter(p -> p.inFlight() == 1).findFirst().orElseThrow().name();
        for (int i = 0; i < 10; i++) {
            assertThat(f.<String>execute(r -> r)).isNotEqualTo(busyPool.toUpperCase());
        }
        release.countDown();
        busy.get(30, TimeUnit.SECONDS);
    }

    @Test
    void localityAware_prefersCallersLocality_andSpillsOverWhenItIsGone() throws Exception {
        Federation<String> f = open(Federation.<String>builder("loc").strategy(Strategy.localityAware())
                .locality("eu").outlierEjection(new OutlierEjection(1, Duration.ofSeconds(10), Duration.ofSeconds(10), 100))
                .pool(Pool.of("eu-1", "EU").withLocality("eu"))
                .pool(Pool.of("us-1", "US1").withLocality("us").withWeight(3))
                .pool(Pool.of("us-2", "US2").withLocality("us")));
        for (int i = 0; i < 10; i++) {
            assertThat(f.<String>execute(r -> r)).isEqualTo("EU");
        }
        assertThat(f.<String>execute(CallOptions.defaults().withLocality("us"), r -> r)).startsWith("US");
        assertThat(f.health().status()).isEqualTo(HealthStatus.HEALTHY);
        f.execute(CallOptions.idempotent(), r -> {
            if (r.equals("EU")) {
                throw new IOException("eu is down");
            }
            return r;
        });
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            counts.merge(f.<String>execute(r -> r), 1, Integer::sum);
        }
        assertThat(counts).containsOnly(Map.entry("US1", 6), Map.entry("US2", 2));
        FederationHealth health = f.health();
        assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.missingLocalities()).containsExactly("eu");
        clock.advance(Duration.ofSeconds(10));
        assertThat(f.<String>execute(r -> r)).isEqualTo("EU");
        assertThat(f.health().status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void localityAware_spillsOver_whenTheLocalPoolIsSaturated() throws Exception {
        Federation<String> f = open(Federation.<String>builder("sat").strategy(Strategy.localityAware())
                .locality("eu")
                .pool(Pool.of("eu-1", "EU").withLocality("eu").withCapacity(1))
                .pool(Pool.of("us-1", "US").withLocality("us")));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> busy = f.executeAsync(r -> {
            started.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return r;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(f.<String>execute(r -> r)).isEqualTo("US");
        assertThat(f.pool("eu-1").orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
        release.countDown();
        assertThat(busy.get(30, TimeUnit.SECONDS)).isEqualTo("EU");
        assertThat(f.<String>execute(r -> r)).isEqualTo("EU");
    }

    @Test
    void health_isUnhealthy_withoutServingPools_andDegradedForAMissingExpectedLocality() throws Exception {
        Federation<String> f = open(Federation.<String>builder("h").expectedLocalities("eu", "us")
                .pool(Pool.of("eu-1", "EU").withLocality("eu")));
        assertThat(f.health().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(f.health().missingLocalities()).containsExactly("us");
        f.addPool(Pool.of("us-1", "US").withLocality("us"));
        assertThat(f.health().status()).isEqualTo(HealthStatus.HEALTHY);
        f.drainPool("eu-1").get(30, TimeUnit.SECONDS);
        f.drainPool("us-1").get(30, TimeUnit.SECONDS);
        assertThat(f.health().status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThatThrownBy(() -> f.execute(r -> r)).isInstanceOf(NoPoolAvailableException.class)
                .hasMessageContaining("federation 'h' has no pool that can take a call now");
    }

    @Test
    void applyWeights_changesNothing_whenOneEntryIsBad() {
        Federation<String> f = three(Strategy.smoothWeighted());
        assertThatThrownBy(() -> f.applyWeights(Map.of("a", 5, "zz", 2, "b", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight of 'b' must be between 1 and 1000000 but was 0")
                .hasMessageContaining("pool 'zz' is not a member of federation 't'");
        assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(1, 1, 1);
        f.applyWeights(Map.of("a", 5, "c", 2));
        assertThat(f.pools()).extracting(PoolHealth::weight).containsExactly(5, 1, 2);
    }

    @Test
    void meters_countCallsFailuresAndLatencyPerPool() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Federation<String> f = open(Federation.<String>builder("mt").strategy(Strategy.roundRobin())
                .meterRegistry(registry).pool(Pool.of("a", "A").withLocality("eu")).pool(Pool.of("b", "B")));
        AtomicInteger onA = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            f.execute(CallOptions.idempotent(), r -> {
                if (r.equals("A")) {
                    onA.incrementAndGet();
                    throw new IOException("down");
                }
                return r;
            });
        }
        assertThat(onA.get()).isBetween(1, 4);
        assertThat(registry.get("foundation.federation.calls").tags("federation", "mt", "pool", "a", "locality", "eu")
                .counter().count()).isEqualTo(onA.get());
        assertThat(registry.get("foundation.federation.failures").tag("pool", "a").counter().count())
                .isEqualTo(onA.get());
        assertThat(registry.get("foundation.federation.calls").tag("pool", "b").counter().count()).isEqualTo(4);
        assertThat(registry.get("foundation.federation.latency").tag("pool", "b").timer().count()).isEqualTo(4);
        assertThat(registry.get("foundation.federation.retries").counter().count()).isEqualTo(onA.get());
        assertThat(registry.get("foundation.federation.in.flight").tag("pool", "a").gauge().value()).isZero();
        assertThat(registry.get("foundation.federation.ejected").tag("pool", "a").gauge().value()).isZero();
        assertThat(registry.get("foundation.federation.available").tag("pool", "a").gauge().value()).isEqualTo(1);
        f.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void close_isIdempotent_refusesCalls_andLeavesNoThread() throws Exception {
        Federation<String> f = Federation.<String>builder("closing").pool(Pool.of("a", "A"))
                .attemptTimeout(Duration.ofSeconds(30)).build();
        assertThat(f.executeAsync(r -> r).get(30, TimeUnit.SECONDS)).isEqualTo("A");
        assertThat(f.<String>execute(r -> r)).isEqualTo("A");
        f.close();
        f.close();
        assertThatThrownBy(() -> f.execute(r -> r)).isInstanceOf(IllegalStateException.class)
                .hasMessage("federation 'closing' is closed");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("federation-closing-") && t.isAlive());
        assertThat(f.health().status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void addPool_rejectsADuplicateName() {
        Federation<String> f = three(Strategy.roundRobin());
        assertThatThrownBy(() -> f.addPool(Pool.of("b", "X"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool name must be unique in federation 't' but 'b' is already a member");
    }

    @Test
    void executeAsync_reportsFailures_throughTheFuture() {
        Federation<String> f = three(Strategy.roundRobin());
        CompletableFuture<String> fut = f.executeAsync(r -> {
            throw new IOException("down");
        });
        assertThatThrownBy(() -> fut.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FederationCallException.class);
    }
}

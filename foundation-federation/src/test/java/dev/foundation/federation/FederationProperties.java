package dev.foundation.federation;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FederationProperties {

    /** One step of a fault schedule: flip a pool between failing and healthy, let time pass, make one call. */
    record Step(int flip, int advanceSeconds, boolean idempotent) {
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        return Combinators.combine(Arbitraries.integers().between(-1, 4), Arbitraries.integers().between(0, 4),
                Arbitraries.of(true, false)).as(Step::new).list().ofMinSize(10).ofMaxSize(120);
    }

    @Property(tries = 200)
    void noCallRunsOnAPoolWithAnOpenBreakerOrAnEjection(@ForAll("schedules") List<Step> steps,
                                                         @ForAll @IntRange(min = 2, max = 5) int poolCount,
                                                         @ForAll("strategies") String strategyName) {
        MutableClock clock = new MutableClock();
        FederationBuilder<String> b = Federation.<String>builder("faults").clock(clock).strategy(strategy(strategyName))
                .circuitBreaker(CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4)
                        .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(5))
                        .permittedNumberOfCallsInHalfOpenState(1).build())
                .outlierEjection(new OutlierEjection(2, Duration.ofSeconds(3), Duration.ofSeconds(12), 50));
        boolean[] failing = new boolean[poolCount];
        for (int i = 0; i < poolCount; i++) {
            b.pool(Pool.of("p" + i, "p" + i).withLocality("z" + (i % 2)));
        }
        List<String> violations = new ArrayList<>();
        try (Federation<String> f = b.build()) {
            PoolCall<String, String> call = r -> {
                PoolHealth h = f.pool(r).orElseThrow();
                if (h.breakerState() == CircuitBreaker.State.OPEN || h.breakerState() == CircuitBreaker.State.FORCED_OPEN
                        || h.ejectedUntil() != null) {
                    violations.add("call ran on " + h);
                }
                if (failing[Integer.parseInt(r.substring(1))]) {
                    throw new IOException(r + " is failing");
                }
                return r;
            };
            for (Step s : steps) {
                if (s.flip() >= 0 && s.flip() < poolCount) {
                    failing[s.flip()] = !failing[s.flip()];
                }
                clock.advance(Duration.ofSeconds(s.advanceSeconds()));
                try {
                    f.execute(s.idempotent() ? CallOptions.idempotent() : CallOptions.defaults(), call);
                } catch (FederationCallException | NoPoolAvailableException expected) {
                    // failing pools may fail a call; what matters is where calls ran
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Provide
    Arbitrary<String> strategies() {
        return Arbitraries.of("round-robin", "smooth-weighted", "least-loaded", "p2c", "locality");
    }

    private static Strategy strategy(String name) {
        return switch (name) {
            case "round-robin" -> Strategy.roundRobin();
            case "smooth-weighted" -> Strategy.smoothWeighted();
            case "least-loaded" -> Strategy.leastLoaded();
            case "p2c" -> Strategy.powerOfTwoChoices();
            default -> Strategy.localityAware();
        };
    }

    @Property(tries = 200)
    void smoothWeighted_throughTheFederation_matchesTheWeightsOverFullCycles(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 12) Integer> weights,
            @ForAll @IntRange(min = 1, max = 3) int cycles) {
        FederationBuilder<String> b = Federation.<String>builder("weights");
        for (int i = 0; i < weights.size(); i++) {
            b.pool(Pool.of("p" + i, "p" + i).withWeight(weights.get(i)));
        }
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        try (Federation<String> f = b.build()) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < total * cycles; i++) {
                counts.merge(f.<String>execute(r -> r), 1, Integer::sum);
            }
            for (int i = 0; i < weights.size(); i++) {
                assertThat(counts.get("p" + i)).isEqualTo(weights.get(i) * cycles);
            }
        }
    }

    /** A resource that knows how many calls run on it and whether its removal has completed. */
    static final class Resource {
        final String name;
        final AtomicInteger active = new AtomicInteger();
        volatile boolean removalDone;

        Resource(String name) {
            this.name = name;
        }
    }

    /** A membership change: 0 add, 1 remove, 2 drain, 3 resume, 4 weight, 5 strategy. */
    record Change(int op, int pool, int value) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 9)).as(Change::new).list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 30)
    void membershipChanges_neverFailOrLoseACall_andRemovalWaitsForInFlightCalls(
            @ForAll("changes") List<Change> changes) throws Exception {
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong completed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<?>> removals = new ArrayList<>();
        Resource anchor = new Resource("anchor");
        try (Federation<Resource> f = Federation.<Resource>builder("membership").strategy(Strategy.leastLoaded())
                .pool(Pool.of("anchor", anchor)).build()) {
            Map<Integer, Resource> present = new HashMap<>();
            PoolCall<Resource, Resource> call = r -> {
                r.active.incrementAndGet();
                try {
                    if (r.removalDone) {
                        errors.add("a call ran on " + r.name + " after its removal completed");
                    }
                    for (int i = 0; i < 50; i++) {
                        Thread.onSpinWait();
                    }
                    Thread.yield();
                    return r;
                } finally {
                    r.active.decrementAndGet();
                }
            };
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            f.execute(call);
                            completed.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.add("call failed: " + e);
                        }
                    }
                }, "membership-worker-" + w);
                t.start();
                workers.add(t);
            }
            int generation = 0;
            for (Change c : changes) {
                Resource r = present.get(c.pool());
                String name = "p" + c.pool();
                switch (c.op()) {
                    case 0 -> {
                        if (r == null) {
                            Resource fresh = new Resource(name + "#" + generation++);
                            f.addPool(Pool.of(name, fresh).withWeight(c.value()));
                            present.put(c.pool(), fresh);
                        }
                    }
                    case 1 -> {
                        if (r != null) {
                            present.remove(c.pool());
                            removals.add(f.removePool(name).thenAccept(res -> {
                                if (res != r) {
                                    errors.add("removal of " + name + " completed with " + res.name);
                                }
                                if (res.active.get() != 0) {
                                    errors.add("removal of " + res.name + " completed with calls running");
                                }
                                res.removalDone = true;
                            }));
                        }
                    }
                    case 2 -> {
                        if (r != null) {
                            f.drainPool(name);
                        }
                    }
                    case 3 -> {
                        if (r != null) {
                            f.resumePool(name);
                        }
                    }
                    case 4 -> {
                        if (r != null) {
                            f.setWeight(name, c.value());
                        }
                    }
                    default -> f.setStrategy(c.value() % 2 == 0 ? Strategy.smoothWeighted() : Strategy.leastLoaded());
                }
                long target = completed.get() + 3;
                while (completed.get() < target && errors.isEmpty()) {
                    Thread.yield();
                }
            }
            stop.set(true);
            for (Thread t : workers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(t.isAlive()).as("worker still running").isFalse();
            }
            CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(errors).isEmpty();
        assertThat(completed.get()).isPositive();
    }
}

package dev.foundation.federation;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Real threads call a federation of four pools while one pool starts failing and another hangs, then both
 * recover. Idempotent calls must all succeed, each within its attempt budget, and the faulty pools must stop
 * getting calls once ejected (the federation's clock stands still during the fault, so ejections last).
 */
class FaultToleranceTest {

    private static final int WORKERS = 4;
    private static final int CONSECUTIVE_FAILURES = 3;
    private static final int MAX_ATTEMPTS = 3;

    /** A pool's resource with switchable faults. */
    static final class Backend {
        final String name;
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicBoolean hanging = new AtomicBoolean();
        final AtomicLong successes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile CountDownLatch hang = new CountDownLatch(1);

        Backend(String name) {
            this.name = name;
        }

        String handle() throws Exception {
            if (hanging.get()) {
                failures.incrementAndGet();
                hang.await(); // until interrupted by the attempt timeout
            }
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IOException(name + " refused the connection");
            }
            successes.incrementAndGet();
            return name;
        }
    }

    @Test
    void idempotentCalls_allSucceed_whilePoolsFailHangAndRecover() throws Exception {
        MutableClock clock = new MutableClock();
        Backend a = new Backend("a");
        Backend b = new Backend("b");
        Backend flaky = new Backend("flaky");
        Backend stuck = new Backend("stuck");
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> attemptsHistogram = new ConcurrentHashMap<>();
        AtomicLong calls = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (Federation<Backend> f = Federation.<Backend>builder("faults").clock(clock)
                .strategy(Strategy.roundRobin())
                .maxAttempts(MAX_ATTEMPTS)
                .attemptTimeout(Duration.ofSeconds(1)) // generous: a healthy call must never time out on a loaded machine
                .circuitBreaker(CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(5)
                        .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(5))
                        .permittedNumberOfCallsInHalfOpenState(3).build())
                .outlierEjection(new OutlierEjection(CONSECUTIVE_FAILURES, Duration.ofSeconds(3),
                        Duration.ofSeconds(30), 50))
                .pool(Pool.of("a", a)).pool(Pool.of("b", b)).pool(Pool.of("flaky", flaky))
                .pool(Pool.of("stuck", stuck)).build()) {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        AtomicInteger attempts = new AtomicInteger();
                        try {
                            f.execute(CallOptions.idempotent(), r -> {
                                attempts.incrementAndGet();
                                return r.handle();
                            });
                            calls.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.add(e.toString());
                        }
                        attemptsHistogram.computeIfAbsent(attempts.get(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }, "fault-worker-" + w);
                t.start();
                workers.add(t);
            }
            Duration deadline = Duration.ofSeconds(60);
            // healthy: every pool serves
            await().atMost(deadline).until(() -> a.successes.get() > 20 && b.successes.get() > 20
                    && flaky.successes.get() > 20 && stuck.successes.get() > 20);

            // fault: one pool fails fast, one hangs until its attempts time out
            flaky.failing.set(true);
            stuck.hanging.set(true);
            long before = calls.get();
            // taken out, and the attempts that entered before that have returned (hung ones by their timeout)
            await().atMost(deadline).until(() -> out(f, "flaky") && out(f, "stuck")
                    && f.pool("flaky").orElseThrow().inFlight() == 0 && f.pool("stuck").orElseThrow().inFlight() == 0);
            long flakyFailures = flaky.failures.get();
            long stuckFailures = stuck.failures.get();
            await().atMost(deadline).until(() -> calls.get() > before + 500);
            // out of selection for good while the clock stands still: no further attempts reached them
            assertThat(flaky.failures.get()).isEqualTo(flakyFailures);
            assertThat(stuck.failures.get()).isEqualTo(stuckFailures);
            // bounded: at most a run of failures plus the calls already in flight when the pool was taken out
            assertThat(flakyFailures).isLessThanOrEqualTo(CONSECUTIVE_FAILURES + WORKERS);
            assertThat(stuckFailures).isLessThanOrEqualTo(CONSECUTIVE_FAILURES + WORKERS);
            assertThat(f.health().status()).isEqualTo(HealthStatus.HEALTHY); // the default locality still serves

            // recovery: faults clear, the ejections and open breakers run out on the clock
            flaky.failing.set(false);
            stuck.hanging.set(false);
            stuck.hang.countDown();
            long flakyOk = flaky.successes.get();
            long stuckOk = stuck.successes.get();
            clock.advance(Duration.ofSeconds(40));
            await().atMost(deadline).until(() -> flaky.successes.get() > flakyOk + 20
                    && stuck.successes.get() > stuckOk + 20);
            await().atMost(deadline).until(() -> f.pools().stream()
                    .allMatch(p -> p.breakerState() == CircuitBreaker.State.CLOSED && p.ejectedUntil() == null));
            stop.set(true);
            for (Thread t : workers) {
                t.join(Duration.ofSeconds(30).toMillis());
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(f.pools()).allSatisfy(p -> assertThat(p.inFlight()).isZero());
        }
        assertThat(errors).as("caller errors").isEmpty();
        assertThat(attemptsHistogram.keySet()).allSatisfy(n -> assertThat(n).isBetween(1, MAX_ATTEMPTS));
        assertThat(attemptsHistogram.get(1).get()).isGreaterThan(attemptsHistogram.getOrDefault(2, new AtomicInteger()).get());
    }

    /** True while the pool is taken out of selection (ejected or breaker open). */
    private static boolean out(Federation<?> f, String pool) {
        PoolHealth h = f.pool(pool).orElseThrow();
        return h.status() == HealthStatus.UNHEALTHY;
    }
}

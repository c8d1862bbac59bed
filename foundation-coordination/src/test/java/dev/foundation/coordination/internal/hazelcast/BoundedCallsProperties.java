package dev.foundation.coordination.internal.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The backend's call pool runs every call exactly once with its own result, never more at once than its limit,
 * whatever the number of callers and however the calls end; calls past the limit add no thread and run once a
 * thread is free; queued calls fail once the pool is shut down.
 */
class BoundedCallsProperties {

    @Property(tries = 40)
    void everyCallRunsOnce_withItsOwnResult_andNeverMoreThanTheLimitAtOnce(
            @ForAll @IntRange(min = 1, max = 4) int limit, @ForAll @IntRange(min = 1, max = 6) int callers,
            @ForAll @IntRange(min = 1, max = 300) int callsEach) throws Exception {
        BoundedCalls calls = new BoundedCalls(limit);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        List<List<CompletableFuture<Integer>>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int c = 0; c < callers; c++) {
                List<CompletableFuture<Integer>> mine = new ArrayList<>();
                results.add(mine);
                threads.add(new Thread(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        int value = i;
                        mine.add(calls.run(() -> {
                            runs.incrementAndGet();
                            most.accumulateAndGet(now.incrementAndGet(), Math::max);
                            try {
                                if (value % 7 == 3) {
                                    throw new IllegalArgumentException("call " + value);
                                }
                                return value;
                            } finally {
                                now.decrementAndGet();
                            }
                        }));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (List<CompletableFuture<Integer>> mine : results) {
                for (int i = 0; i < mine.size(); i++) {
                    CompletableFuture<Integer> f = mine.get(i);
                    if (i % 7 == 3) {
                        int failed = i;
                        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                                .cause().hasMessage("call " + failed);
                    } else {
                        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(i);
                    }
                }
            }
            assertThat(runs).hasValue(callers * callsEach);
            assertThat(most.get()).isLessThanOrEqualTo(limit);
        } finally {
            calls.shutdown();
        }
    }

    @Test
    void callsPastTheLimit_waitForAFreeThread_thenRun_andQueuedOnesFailOnShutdown() throws Exception {
        BoundedCalls calls = new BoundedCalls(2);
        CountDownLatch answer = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        List<CompletableFuture<String>> blocked = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                blocked.add(calls.run(() -> {
                    started.countDown();
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "answered";
                }));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // an owner that does not answer holds both threads: the next calls wait, and no thread is added
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int value = i;
                queued.add(calls.run(() -> value));
            }
            assertThat(queued).noneMatch(CompletableFuture::isDone);
            assertThat(calls.largestPoolSize()).isEqualTo(2);
            answer.countDown();
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(blocked.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("answered");

            CountDownLatch never = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                calls.run(() -> {
                    busy.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // shutdown interrupts the running calls
                    }
                    return "interrupted";
                });
            }
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> waiting = calls.run(() -> 1);
            calls.shutdown();
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(IllegalStateException.class).hasMessage("the coordination is closed");
            assertThatThrownBy(() -> calls.run(() -> 2).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            calls.shutdown();
        }
    }
}

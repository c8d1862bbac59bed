package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.spi.LeasedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lease work that fails is retried after 50 ms, doubling, not a whole period later. A node keeps running its
 * instances through a few failed renewals in a row: with a local hold of {@code lease - renewInterval}, the next
 * periodic renewal came after the hold had ended, so the node stopped its instances ({@code lease-expired}) and
 * they waited for their lease to run out in the store. And a failed claim is retried before the next claim
 * interval, which nodes relying on wake-up signals set long.
 */
class LeaseRetryTest {

    record In(String v) {
    }

    private PgSchema schema;

    @BeforeEach
    void createSchema() throws Exception {
        schema = PgSchema.create();
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    /** The store, with its next {@code failing} calls of {@code operation} refused. */
    private static LeasedStore failing(LeasedStore store, String operation, AtomicInteger failing,
                                       AtomicInteger renewals) {
        return (LeasedStore) Proxy.newProxyInstance(LeasedStore.class.getClassLoader(),
                new Class<?>[] {LeasedStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals(operation)) {
                        renewals.incrementAndGet();
                        if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new WorkflowStoreException(operation + " refused (scripted)");
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void threeFailedRenewalsInARow_stopNoInstance() throws Exception {
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger renewals = new AtomicInteger();
        LeasedStore store = failing((LeasedStore) schema.store(), "renew", failing, renewals);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        WorkflowDefinition<In> def = Workflow.define("renewed", In.class)
                .step("long", ctx -> {
                    running.countDown();
                    return finish.await(30, TimeUnit.SECONDS);
                })
                .step("after", ctx -> "done", s -> s.after("long"))
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // lease 3 s, renewals every 1 s: a node runs an instance for at most 2 s after its last renewal
        try (WorkflowEngine engine = WorkflowEngine.builder().store(store).register(def).meterRegistry(registry)
                .cluster(ClusterOptions.builder().lease(Duration.ofSeconds(3)).renewInterval(Duration.ofSeconds(1))
                        .claimInterval(Duration.ofMillis(200)).nodeId("A").build()).build()) {
            WorkflowHandle handle = engine.start("renewed", new In("x"));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            int before = renewals.get();
            failing.set(3);
            // three refused, then one that gets through, then one more periodic renewal past the 2 s hold
            await().atMost(Duration.ofSeconds(20)).until(() -> renewals.get() >= before + 5);
            finish.countDown();
            assertThat(handle.result(Duration.ofSeconds(30)).status()).isEqualTo(Status.COMPLETED);
            double stopped = registry.find("foundation.workflow.ownership.lost").counters().stream()
                    .mapToDouble(Counter::count).sum();
            assertThat(stopped).as("instances this node stopped running").isZero();
        }
    }

    @Test
    void aFailedClaim_isRetriedWithinMilliseconds_notAfterTheClaimInterval() throws Exception {
        WorkflowDefinition<In> def = Workflow.define("claimed", In.class).step("s", ctx -> ctx.input().v() + "!")
                .build();
        ClusterOptions.Builder options = ClusterOptions.builder().lease(Duration.ofMinutes(1))
                .claimInterval(Duration.ofMinutes(1)); // nodes that rely on wake-up signals poll rarely
        WorkflowHandle handle;
        try (WorkflowEngine starter = WorkflowEngine.builder().store(schema.store()).register(def)
                .cluster(options.nodeId("starter").maxInstances(0).build()).build()) {
            handle = starter.start("claimed", new In("x")); // stored unowned: any node may claim it
        }
        AtomicInteger failing = new AtomicInteger(2);
        AtomicInteger claims = new AtomicInteger();
        LeasedStore store = failing((LeasedStore) schema.store(), "claim", failing, claims);
        try (WorkflowEngine runner = WorkflowEngine.builder().store(store).register(def)
                .cluster(options.nodeId("runner").maxInstances(10).build()).build()) {
            // its first claim (at start) and the first retry fail; the next retry claims the instance
            WorkflowHandle onRunner = runner.instance(handle.id()).orElseThrow();
            assertThat(onRunner.result(Duration.ofSeconds(20)).status()).isEqualTo(Status.COMPLETED);
            assertThat(claims.get()).isGreaterThanOrEqualTo(3);
        }
    }
}

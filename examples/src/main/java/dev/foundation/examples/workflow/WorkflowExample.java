package dev.foundation.examples.workflow;

import dev.foundation.examples.Example;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.NonRetryableException;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Retry;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowStores;
import dev.foundation.workflow.spi.AttemptKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order-fulfilment saga: a flaky payment step that is retried, a shipment that fails and makes the
 * completed steps compensate, and an engine restart that resumes an in-flight instance from its checkpoints.
 */
public final class WorkflowExample implements Example {

    /** The workflow input. */
    public record OrderInput(String orderId, String sku, int totalCents, boolean shippable) {}

    /** What the payment step returns (stored, read by later steps and by the refund). */
    public record Payment(String paymentId, int amountCents) {}

    @Override
    public String name() {
        return "workflow";
    }

    @Override
    public String description() {
        return "foundation-workflow: order saga with a retried payment, a compensated shipment failure, and resume"
                + " after a restart";
    }

    /** Stand-ins for the external systems; each call is keyed by the step's idempotency key. */
    static final class Systems {
        final Map<String, String> effects = new ConcurrentHashMap<>();
        final AtomicInteger paymentCalls = new AtomicInteger();
        volatile CountDownLatch shipmentGate = new CountDownLatch(0);
        volatile CountDownLatch shipping = new CountDownLatch(1);

        String reserve(String key, OrderInput in) {
            effects.put(key, "reserved " + in.sku());
            return "res-" + in.orderId();
        }

        void release(String key, String reservation) {
            effects.put(key, "released " + reservation);
        }

        Payment charge(String key, OrderInput in) {
            if (paymentCalls.incrementAndGet() % 3 != 0) { // the gateway fails twice out of three calls
                throw new IllegalStateException("payment gateway timeout");
            }
            effects.put(key, "charged " + in.totalCents());
            return new Payment("pay-" + in.orderId(), in.totalCents());
        }

        void refund(String key, Payment p) {
            effects.put(key, "refunded " + p.amountCents() + " of " + p.paymentId());
        }

        String ship(String key, OrderInput in) throws InterruptedException {
            shipping.countDown();
            shipmentGate.await();
            if (!in.shippable()) {
                throw new NonRetryableException("carrier refuses " + in.sku() + ": address undeliverable");
            }
            effects.put(key, "shipped " + in.orderId());
            return "track-" + in.orderId();
        }
    }

    static WorkflowDefinition<OrderInput> definition(Systems sys) {
        // snippet:workflow-define
        WorkflowDefinition<OrderInput> fulfil = Workflow.define("fulfil-order", OrderInput.class).version(1)
                .step("reserve", ctx -> sys.reserve(ctx.idempotencyKey(), ctx.input()),
                        s -> s.compensateWith(c -> sys.release(c.idempotencyKey(), c.output("reserve", String.class))))
                .step("charge", ctx -> sys.charge(ctx.idempotencyKey(), ctx.input()),
                        s -> s.after("reserve")
                                .retry(Retry.exponential(Duration.ofMillis(20), 2.0, 5))
                                .timeout(Duration.ofSeconds(5))
                                .compensateWith(c -> sys.refund(c.idempotencyKey(), c.output("charge", Payment.class))))
                .step("email", ctx -> "mail sent to customer of " + ctx.input().orderId(), s -> s.after("reserve"))
                .step("ship", ctx -> sys.ship(ctx.idempotencyKey(), ctx.input()), s -> s.after("charge", "email"))
                .build();
        // end-snippet
        return fulfil;
    }

    @Override
    public void run(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("foundation-workflow-example");
        Path db = dir.resolve("wf.db");
        Systems sys = new Systems();
        WorkflowDefinition<OrderInput> fulfil = definition(sys);

        System.out.println("1. a flaky payment is retried with exponential backoff");
        // snippet:workflow-run
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(fulfil).build()) {
            WorkflowHandle h = engine.start("fulfil-order", new OrderInput("o-1", "sku-7", 4_200, true), "order-o-1");
            InstanceInfo done = h.result(Duration.ofSeconds(30));              // COMPLETED
            for (StepAttempt a : h.history()) {
                System.out.printf("   %-8s attempt %d -> %s %s%n", a.step(), a.attempt(), a.outcome(),
                        a.error() == null ? "" : "(" + a.error() + ")");
            }
            System.out.println("   o-1 ended " + done.status() + ", tracking " + h.output("ship", String.class).orElse("?"));
        }
        // end-snippet

        System.out.println("2. an undeliverable shipment fails permanently: completed steps are compensated");
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(fulfil).build()) {
            WorkflowHandle h = engine.start("fulfil-order", new OrderInput("o-2", "sku-9", 990, false), "order-o-2");
            InstanceInfo done = h.result(Duration.ofSeconds(30));              // COMPENSATED
            System.out.println("   o-2 ended " + done.status() + ": " + done.error());
            h.history().stream().filter(a -> a.kind() == AttemptKind.COMPENSATION)
                    .forEach(a -> System.out.println("   compensated " + a.step() + " -> " + a.outcome()));
            System.out.println("   effects: " + sys.effects.get(h.id() + ":charge:compensate") + "; "
                    + sys.effects.get(h.id() + ":reserve:compensate"));
        }

        System.out.println("3. the engine stops while o-3 is shipping; a new engine resumes it from its checkpoints");
        sys.shipmentGate = new CountDownLatch(1);
        sys.shipping = new CountDownLatch(1);
        String id;
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(fulfil).build()) {
            id = engine.start("fulfil-order", new OrderInput("o-3", "sku-1", 1_500, true), "order-o-3").id();
            if (!sys.shipping.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("o-3 never reached 'ship'");
            }
            System.out.println("   o-3 is in step 'ship'; closing the engine (as a crash would stop it)");
        }
        int paymentsBefore = sys.paymentCalls.get();
        sys.shipmentGate.countDown();
        // snippet:workflow-resume
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(fulfil).build()) {                                 // resumes unfinished instances
            InstanceInfo done = engine.instance(id).orElseThrow().result(Duration.ofSeconds(30));
            System.out.println("   o-3 ended " + done.status() + " after the restart");
            for (InstanceInfo i : engine.query(Query.all().name("fulfil-order").limit(50))) {
                System.out.println("   " + i.idempotencyKey() + " v" + i.version() + " " + i.status());
            }
        }
        // end-snippet
        System.out.println("   payment calls during the resume: " + (sys.paymentCalls.get() - paymentsBefore)
                + " (completed steps are not run again)");
        if (sys.paymentCalls.get() != paymentsBefore) {
            throw new IllegalStateException("a completed step ran again");
        }
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(fulfil).build()) {
            long completed = engine.query(Query.status(Status.COMPLETED)).size();
            System.out.println("   " + completed + " COMPLETED, " + engine.query(Query.status(Status.COMPENSATED)).size()
                    + " COMPENSATED in " + db);
        }
    }
}

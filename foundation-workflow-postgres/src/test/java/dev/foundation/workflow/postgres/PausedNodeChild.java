package dev.foundation.workflow.postgres;

import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * The node of {@link PausedNodeIT} that gets paused, in its own JVM: a cluster-mode engine (no Hazelcast) with two
 * step threads, so that most of the attempts of the instances it claims wait in its queue. Every step body prints
 * {@code BODY <wall-clock ms> <instance> <step> <attempt>} as its first action. It prints {@code NODE <id>} once
 * it runs, and {@code LOST <reason> <n>} for each reason it stopped running instances when its standard input
 * closes, then exits.
 *
 * <p>Arguments: JDBC URL, user, password.
 */
public final class PausedNodeChild {

    /** The input of one instance. */
    public record In(int n) {
    }

    private PausedNodeChild() {
    }

    /** The workflow both nodes register: three steps of 100 ms each (on the paused node). */
    static WorkflowDefinition<In> definition(StepFunction<In> body) {
        return Workflow.define("paused", In.class)
                .step("a", body)
                .step("b", body, s -> s.after("a"))
                .step("c", body, s -> s.after("b"))
                .build();
    }

    /** The lease settings of both nodes: a node stops starting steps 2 s after its last renewal. */
    static ClusterOptions.Builder options() {
        return ClusterOptions.builder().lease(Duration.ofSeconds(3)).renewInterval(Duration.ofSeconds(1))
                .claimInterval(Duration.ofMillis(200)).claimBatch(100).maxInstances(1000);
    }

    /**
     * Runs the node.
     *
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StepFunction<In> body = ctx -> {
            long started = System.currentTimeMillis(); // the body's first action
            synchronized (System.out) {
                System.out.println("BODY " + started + " " + ctx.instanceId() + " " + ctx.stepName() + " "
                        + ctx.attempt());
                System.out.flush();
            }
            Thread.sleep(100); // the step's work: long enough that a pause lands while bodies run
            return ctx.stepName();
        };
        ClusterOptions options = options().build();
        WorkflowEngine engine = WorkflowEngine.builder()
                .store(PostgresWorkflowStores.postgres(args[0], args[1], args[2], PostgresOptions.defaults().withMaxPoolSize(4)
                        .withIdleInTransactionTimeout(Duration.ofSeconds(1))))
                .register(definition(body)).parallelism(2).meterRegistry(registry).cluster(options).build();
        synchronized (System.out) {
            System.out.println("NODE " + options.nodeId());
            System.out.flush();
        }
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it wants this node alive
        }
        engine.close();
        synchronized (System.out) {
            for (Counter c : registry.find("foundation.workflow.ownership.lost").counters()) {
                System.out.println("LOST " + c.getId().getTag("reason") + " " + (long) c.count());
            }
            System.out.flush();
        }
    }
}

package dev.foundation.workflow.postgres;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One engine node of {@link WorkflowClusterIT}, in its own JVM: a Hazelcast member of the test cluster and a
 * cluster-mode engine on the test's PostgreSQL schema, running whatever it claims. It prints {@code NODE <id>}
 * once it runs, then {@code FENCED <n>} each time the number of its checkpoints rejected for a stale epoch
 * changes. It exits when its standard input closes.
 *
 * <p>Arguments: JDBC URL, user, password, Hazelcast cluster name, first port, port count.
 */
public final class ClusterChild {

    /** The input of one order. */
    public record Order(int n) {
    }

    private ClusterChild() {
    }

    /** The workflow every node registers: four steps, each taking a little time so kills and pauses land mid-step. */
    static WorkflowDefinition<Order> definition() {
        StepFunction<Order> step = ctx -> {
            // the step's work (20-80 ms), so that kills and pauses land mid-step
            Thread.sleep(20 + ThreadLocalRandom.current().nextInt(60));
            return ctx.stepName() + "-" + ctx.input().n();
        };
        return Workflow.define("cluster-crash", Order.class)
                .step("reserve", step)
                .step("charge", step, s -> s.after("reserve"))
                .step("email", step, s -> s.after("reserve"))
                .step("ship", step, s -> s.after("charge", "email"))
                .build();
    }

    /** The lease settings every node (and the test's starter) uses. */
    static ClusterOptions.Builder options() {
        return ClusterOptions.builder().lease(Duration.ofSeconds(2)).renewInterval(Duration.ofMillis(400))
                .claimInterval(Duration.ofMillis(300)).claimBatch(8).maxInstances(40);
    }

    /**
     * Runs the node.
     *
     * @param args see the class comment
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        EmbeddedMemberConfig settings = EmbeddedMemberConfig.forTesting().clusterName(args[3])
                .port(Integer.parseInt(args[4])).portCount(Integer.parseInt(args[5])).build();
        HazelcastInstance hz = HazelcastMembers.embedded(settings);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClusterOptions options = options().signals(HazelcastClusterSignals.of(hz)).build();
        WorkflowEngine engine = WorkflowEngine.builder()
                .store(PostgresWorkflowStores.postgres(args[0], args[1], args[2], PostgresOptions.defaults().withMaxPoolSize(4)
                        .withIdleInTransactionTimeout(Duration.ofSeconds(1))))
                .register(definition()).parallelism(6).meterRegistry(registry).cluster(options).build();
        System.out.println("NODE " + options.nodeId());
        System.out.flush();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fence-reporter");
            t.setDaemon(true);
            return t;
        });
        double[] last = {0};
        reporter.scheduleWithFixedDelay(() -> {
            double fenced = registry.find("foundation.workflow.writes.fenced").counters().stream()
                    .mapToDouble(Counter::count).sum();
            if (fenced != last[0]) {
                last[0] = fenced;
                System.out.println("FENCED " + (long) fenced);
                System.out.flush();
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it wants this node alive
        }
        reporter.shutdownNow();
        engine.close();
        hz.getLifecycleService().terminate();
    }
}

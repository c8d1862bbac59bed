package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 1: a node paused ({@code SIGSTOP}) past its lease while it has many attempts queued, replaced by
 * another node, then resumed ({@code SIGCONT}), must start no step body on the instances it lost: every attempt
 * checks the local lease deadline before it starts. Node A is a child JVM ({@link PausedNodeChild}); node B runs in
 * this JVM and is started only while A is paused.
 */
class PausedNodeIT {

    private static final int INSTANCES = 40;

    private final Path logs = Path.of("target", "paused-node-it");
    private PgSchema schema;
    private Process child;
    private final List<WorkflowEngine> engines = new ArrayList<>();

    /** A line {@code BODY <ms> <instance> <step> <attempt>} printed by the child. */
    private record Body(long at, String instance, String step) {
    }

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (WorkflowEngine e : engines) {
            e.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void aNodeResumedAfterItsLeasesRanOut_startsNoStepBodyOnTheInstancesItLost() throws Exception {
        schema = PgSchema.create();
        Files.createDirectories(logs);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PausedNodeChild.class.getName(), schema.url, TestPostgres.user(),
                TestPostgres.password());
        pb.redirectError(ProcessBuilder.Redirect.to(logs.resolve("node-a.log").toFile()));
        child = pb.start();
        CompletableFuture<String> nodeA = new CompletableFuture<>();
        List<Body> bodies = new CopyOnWriteArrayList<>();
        List<String> lost = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f[0].equals("NODE")) {
                        nodeA.complete(f[1]);
                    } else if (f[0].equals("BODY")) {
                        bodies.add(new Body(Long.parseLong(f[1]), f[2], f[3]));
                    } else if (f[0].equals("LOST")) {
                        lost.add(f[1] + "=" + f[2]);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-a-stdout");
        reader.setDaemon(true);
        reader.start();
        String a = nodeA.get(90, TimeUnit.SECONDS);

        // the test's starter only stores instances (maxInstances 0): A claims all of them
        StepFunction<PausedNodeChild.In> quick = ctx -> ctx.stepName();
        WorkflowEngine starter = WorkflowEngine.builder().store(schema.store())
                .register(PausedNodeChild.definition(quick))
                .cluster(PausedNodeChild.options().maxInstances(0).build()).build();
        engines.add(starter);
        List<CompletableFuture<WorkflowHandle>> starts = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            starts.add(starter.startAsync("paused", new PausedNodeChild.In(i), "k-" + i));
        }
        starts.forEach(CompletableFuture::join);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> schema.queryLong("SELECT COUNT(*) FROM wf_lease WHERE owner IS NULL OR owner <> '" + a
                        + "'") == 0 && bodies.size() >= 4);
        // two step threads and 40 instances: most first attempts wait in A's queue, already decided

        Set<String> lostByA = ownedIds(a);
        signal("STOP", child);
        long resumeMark;
        try {
            WorkflowEngine b = WorkflowEngine.builder().store(schema.store())
                    .register(PausedNodeChild.definition(quick)).cluster(PausedNodeChild.options().build()).build();
            engines.add(b);
            // A's leases run out (3 s after its last renewal by the database's clock) and B claims them all
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> owned(a) == 0);
            resumeMark = System.currentTimeMillis(); // nothing A runs can have started after this before SIGCONT
        } finally {
            signal("CONT", child);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> schema.queryLong(
                "SELECT COUNT(*) FROM wf_instance WHERE status = 'COMPLETED'") == INSTANCES);
        child.getOutputStream().close(); // A closes its engine, reports and exits
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(30));

        List<Body> startedAfterResume = bodies.stream()
                .filter(x -> x.at() >= resumeMark && lostByA.contains(x.instance())).toList();
        Files.writeString(logs.resolve("summary.txt"), "bodies on A=" + bodies.size() + " lost=" + lost
                + " instances A lost=" + lostByA.size() + " started after resume=" + startedAfterResume + "\n");
        assertThat(lostByA).as("instances A held when it was paused and B took over").isNotEmpty();
        assertThat(startedAfterResume).as("step bodies A started after SIGCONT on instances it no longer owned")
                .isEmpty();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM (SELECT instance_id, step FROM wf_attempt WHERE kind ="
                + " 'STEP' AND outcome = 'COMPLETED' GROUP BY instance_id, step HAVING COUNT(*) > 1) d"))
                .as("step completions recorded twice").isZero();
    }

    private long owned(String node) throws Exception {
        return schema.queryLong("SELECT COUNT(*) FROM wf_lease WHERE owner = '" + node + "'");
    }

    private Set<String> ownedIds(String node) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = PgSchema.admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema.name);
            try (ResultSet rs = st.executeQuery("SELECT instance_id FROM wf_lease WHERE owner = '" + node + "'")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void signal(String signal, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
    }
}

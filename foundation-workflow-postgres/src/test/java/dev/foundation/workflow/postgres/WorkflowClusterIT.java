package dev.foundation.workflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three engine processes on one PostgreSQL schema and one Hazelcast cluster run a few hundred instances while
 * nodes are killed ({@code destroyForcibly()}) and restarted, and paused ({@code SIGSTOP}) past their lease so
 * that the others take their instances over, then resumed ({@code SIGCONT}): the resumed node's late writes
 * must be fenced. At the end every instance is COMPLETED, no step completion is recorded twice, every attempt
 * was written under one epoch, epochs only grow along each instance's history, and the fencing was exercised.
 *
 */
class WorkflowClusterIT {

    private static final int NODES = 3;
    private static final int WAVES = 6;
    private static final int PER_WAVE = 50;
    private static final int MAX_EXTRA_PAUSES = 4;
    private static final List<String> STEPS = List.of("reserve", "charge", "email", "ship");

    /** The nodes' logs, kept after the run (under target/) to read when something went wrong. */
    private final Path logs = Path.of("target", "workflow-cluster-it");

    private PgSchema schema;
    private EmbeddedMemberConfig hzConfig;
    private HazelcastInstance hz;
    private WorkflowEngine starter;
    private final Node[] nodes = new Node[NODES];
    private final List<Node> all = new ArrayList<>();
    private int started;

    /** One child JVM incarnation. */
    private static final class Node {
        final Process process;
        final CompletableFuture<String> id = new CompletableFuture<>();
        final AtomicLong fenced = new AtomicLong();

        Node(Process process) {
            this.process = process;
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Node n : all) {
            n.process.destroyForcibly();
        }
        if (starter != null) {
            starter.close();
        }
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private Node launch(int slot) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ClusterChild.class.getName(), schema.url, TestPostgres.user(),
                TestPostgres.password(), hzConfig.clusterName(), Integer.toString(hzConfig.port()),
                Integer.toString(hzConfig.portCount()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve("node-" + slot + ".log").toFile()));
        Node n = new Node(pb.start());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(n.process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("NODE ")) {
                        n.id.complete(line.substring(5).trim());
                    } else if (line.startsWith("FENCED ")) {
                        n.fenced.set(Long.parseLong(line.substring(7).trim()));
                    }
                }
            } catch (IOException e) {
                // the process died: its stream ended
            }
        }, "node-" + slot + "-stdout");
        reader.setDaemon(true);
        reader.start();
        all.add(n);
        nodes[slot] = n;
        return n;
    }

    private static String awaitId(Node n) throws Exception {
        return n.id.get(90, TimeUnit.SECONDS);
    }

    private long totalFenced() {
        return all.stream().mapToLong(n -> n.fenced.get()).sum();
    }

    private void startWave() {
        List<CompletableFuture<WorkflowHandle>> handles = new ArrayList<>();
        for (int i = 0; i < PER_WAVE; i++) {
            int n = started++;
            handles.add(starter.startAsync("cluster-crash", new ClusterChild.Order(n), "order-" + n));
        }
        handles.forEach(CompletableFuture::join);
    }

    private long running(String owner) throws Exception {
        return schema.queryLong("SELECT COUNT(*) FROM wf_lease l JOIN wf_instance i ON i.id = l.instance_id"
                + " WHERE i.status = 'RUNNING' AND l.owner = '" + owner + "'");
    }

    /** Waits until the nodes have work in flight from the wave just started, so a kill or pause lands mid-step. */
    private void awaitWorkInFlight() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> schema.queryLong(
                "SELECT COUNT(*) FROM wf_step WHERE state = 'RUNNING'") >= 5);
    }

    private void kill(int slot) throws Exception {
        nodes[slot].process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        awaitId(launch(slot));
    }

    /** Pauses the node with the most running instances until the others hold all of them, then resumes it. */
    private void pause() throws Exception {
        int slot = 0;
        long most = -1;
        for (int i = 0; i < NODES; i++) {
            long r = running(awaitId(nodes[i]));
            if (r > most) {
                most = r;
                slot = i;
            }
        }
        Node n = nodes[slot];
        String id = awaitId(n);
        signal("STOP", n.process);
        try {
            // its leases run out (2 s) or Hazelcast reports it gone; the other nodes claim its instances
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> running(id) == 0);
        } finally {
            signal("CONT", n.process);
        }
        // its steps that were in flight finish now and try to write under the old epochs
    }

    private static void signal(String signal, Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
    }

    @Test
    void threeNodes_killedAndPausedRepeatedly_completeEveryInstanceOnce_andFenceThePausedOwners() throws Exception {
        schema = PgSchema.create();
        Files.createDirectories(logs);
        hzConfig = EmbeddedMemberConfig.forTesting().build();
        hz = HazelcastMembers.embedded(hzConfig);
        // the test's own engine only starts instances (maxInstances 0): the nodes claim and run them
        starter = WorkflowEngine.builder().store(schema.store()).register(ClusterChild.definition())
                .cluster(ClusterChild.options().maxInstances(0).signals(HazelcastClusterSignals.of(hz)).build()).build();
        for (int i = 0; i < NODES; i++) {
            launch(i);
        }
        for (Node n : nodes) {
            awaitId(n);
        }

        int kills = 0;
        int pauses = 0;
        for (int wave = 0; wave < WAVES; wave++) {
            startWave();
            awaitWorkInFlight();
            if (wave % 2 == 0) {
                kill(ThreadLocalRandom.current().nextInt(NODES));
                kills++;
            } else {
                pause();
                pauses++;
            }
        }
        // a resumed owner usually writes before it notices that its leases are gone; if none did yet, pause more
        for (int extra = 0; extra < MAX_EXTRA_PAUSES && !fencedSoon(); extra++) {
            startWave();
            awaitWorkInFlight();
            pause();
            pauses++;
        }

        int total = started;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> schema.queryLong(
                "SELECT COUNT(*) FROM wf_instance WHERE status = 'COMPLETED'") == total);

        assertThat(kills).isGreaterThanOrEqualTo(3);
        assertThat(pauses).isGreaterThanOrEqualTo(3);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_instance")).isEqualTo(total);
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_step WHERE state = 'COMPLETED'"))
                .isEqualTo((long) total * STEPS.size());
        assertThat(schema.queryLong("SELECT COUNT(*) FROM (SELECT instance_id, step FROM wf_attempt"
                + " WHERE kind = 'STEP' AND outcome = 'COMPLETED' GROUP BY instance_id, step HAVING COUNT(*) > 1) d"))
                .as("steps whose completion was recorded twice").isZero();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE kind = 'STEP' AND outcome = 'COMPLETED'"))
                .isEqualTo((long) total * STEPS.size());
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE finished_at IS NOT NULL"
                + " AND finished_epoch <> started_epoch")).as("attempts whose result was written under another"
                + " epoch than their start").isZero();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM (SELECT started_epoch, LAG(started_epoch) OVER"
                + " (PARTITION BY instance_id ORDER BY seq) AS previous FROM wf_attempt) h"
                + " WHERE started_epoch < previous")).as("attempts started under an older epoch than an earlier"
                + " attempt of the same instance (a stale write accepted)").isZero();
        assertThat(schema.queryLong("SELECT COUNT(*) FROM wf_attempt WHERE started_epoch = 0"))
                .as("every write was fenced").isZero();
        assertThat(schema.queryLong("SELECT MAX(started_epoch) FROM wf_attempt")).as("instances changed hands")
                .isGreaterThan(1);
        assertThat(totalFenced()).as("checkpoints rejected for a stale epoch (paused owners' late writes)")
                .isPositive();
        Files.writeString(logs.resolve("summary.txt"), "instances=" + total + " kills=" + kills + " pauses="
                + pauses + " fenced=" + totalFenced());
        System.out.println("WorkflowClusterIT: instances=" + total + " kills=" + kills + " pauses=" + pauses
                + " fenced writes=" + totalFenced() + " max epoch="
                + schema.queryLong("SELECT MAX(started_epoch) FROM wf_attempt"));

        for (Node n : nodes) {
            n.process.getOutputStream().close(); // graceful: the node releases its leases and exits
        }
        for (Node n : nodes) {
            assertThat(n.process.waitFor(60, TimeUnit.SECONDS)).as("node exits when told").isTrue();
        }
    }

    /** Whether some resumed owner's write has been fenced, waiting a moment for the last pause's effects. */
    private boolean fencedSoon() {
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> totalFenced() > 0);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }
}

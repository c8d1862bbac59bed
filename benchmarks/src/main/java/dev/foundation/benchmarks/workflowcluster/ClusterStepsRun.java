package dev.foundation.benchmarks.workflowcluster;

import static dev.foundation.benchmarks.workflow.FiveSteps.STEPS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@code workflow-cluster} benchmark: durable steps per second of 1, 2 and 3 cluster-mode engine nodes, each
 * in its own JVM ({@link ClusterNode}, started with this JVM's {@code java} and class path), on one fresh
 * PostgreSQL schema, beside a plain JDBC insert-per-step ({@link JdbcAnchor}) on the same server.
 *
 * <p>A round runs {@code batches} x {@code instances} instances of the 5-step no-op workflow: every node is
 * told at once to run {@code batches} batches of its share ({@code instances / nodes}) of concurrent
 * instances, each batch started and awaited before the next. The round's figure is its steps divided by the
 * time from the first instance's creation to the last instance's completion, both read from the store
 * ({@code wf_instance.created_at} / {@code updated_at}, written from the nodes' clocks, which on one machine
 * are one clock); the time the parent saw from sending the command to the last {@code DONE} is printed beside
 * it. Every instance of a round must be {@code COMPLETED} in the store. The first {@code warmup} rounds warm
 * the nodes' JITs and are not counted.
 *
 * <p>The anchor runs the same number of "instances" per round in this JVM, each calling the five functions
 * and inserting one autocommitted row per step, on {@code nodes} x {@code threads} pooled connections.
 *
 * <p>Arguments, all optional, as {@code key=value}: {@code nodes} (default {@code 1,2,3}), {@code warmup}
 * (3), {@code rounds} (5), {@code batches} (10), {@code instances} (96, divisible by every node count),
 * {@code threads} (16: step threads per node, and anchor connections per node). The server is named by
 * {@code FOUNDATION_TEST_POSTGRES_URL} / {@code _USER} / {@code _PASSWORD}; {@code benchmarks/run
 * workflow-cluster} starts a throwaway one when the URL is unset.
 */
public final class ClusterStepsRun {

    private static final long READY_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);
    private static final long ROUND_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private ClusterStepsRun() {
    }

    /** The figures of one node count. */
    private record Result(int nodes, List<Double> cluster, List<Double> wall, List<Double> anchor) {
    }

    /**
     * Entry point.
     *
     * @param args {@code key=value} settings, see the class comment
     * @throws Exception if a node fails, a round times out or the database fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("nodes", "1,2,3");
        settings.put("warmup", "3");
        settings.put("rounds", "5");
        settings.put("batches", "10");
        settings.put("instances", "96");
        settings.put("threads", "16");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !settings.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("argument must be one of " + settings.keySet()
                        + " as key=value but was " + a);
            }
            settings.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int warmup = Integer.parseInt(settings.get("warmup"));
        int rounds = Integer.parseInt(settings.get("rounds"));
        int batches = Integer.parseInt(settings.get("batches"));
        int instances = Integer.parseInt(settings.get("instances"));
        int threads = Integer.parseInt(settings.get("threads"));
        List<Integer> nodeCounts = new ArrayList<>();
        for (String n : settings.get("nodes").split(",")) {
            int nodes = Integer.parseInt(n.trim());
            if (nodes < 1 || instances % nodes != 0) {
                throw new IllegalArgumentException("instances (" + instances + ") must be divisible by every node"
                        + " count but nodes contained " + nodes);
            }
            nodeCounts.add(nodes);
        }
        System.out.println("workflow-cluster: " + settings + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, JDK " + System.getProperty("java.version") + ", " + STEPS + " steps per instance, "
                + batches * instances * STEPS + " steps per round");
        PgDatabase db = PgDatabase.fromEnvironment();
        List<Result> results = new ArrayList<>();
        for (int nodes : nodeCounts) {
            List<Double> cluster = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            runCluster(db, nodes, threads, warmup, rounds, batches, instances, cluster, wall);
            List<Double> anchor = new ArrayList<>();
            try (JdbcAnchor jdbc = new JdbcAnchor(db, nodes * threads)) {
                for (int r = 0; r < warmup + rounds; r++) {
                    long t0 = System.nanoTime();
                    int rows = jdbc.run(batches * instances);
                    double rate = rows / ((System.nanoTime() - t0) / 1e9);
                    System.out.printf(Locale.ROOT, "  %d node(s) anchor round %d%s: %,.0f rows/s%n", nodes, r,
                            r < warmup ? " (warm-up)" : "", rate);
                    if (r >= warmup) {
                        anchor.add(rate);
                    }
                }
            }
            results.add(new Result(nodes, cluster, wall, anchor));
        }
        System.out.println();
        System.out.println("== workflow-cluster: durable steps/s, nodes as separate JVMs, vs JDBC insert per step"
                + " (mean of " + rounds + " rounds, min-max)");
        System.out.printf(Locale.ROOT, "%-6s %-30s %-22s %-30s %s%n", "nodes", "Foundation (store time)",
                "(parent's wall time)", "JDBC insert per step", "ratio");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-6d %-30s %-22s %-30s %.2f%n", r.nodes(), summary(r.cluster()),
                    String.format(Locale.ROOT, "%,.0f", mean(r.wall())), summary(r.anchor()),
                    mean(r.cluster()) / mean(r.anchor()));
        }
    }

    private static void runCluster(PgDatabase db, int nodes, int threads, int warmup, int rounds, int batches,
                                   int instances, List<Double> cluster, List<Double> wall) throws Exception {
        String schema = db.createSchema("wfbench");
        List<Node> children = new ArrayList<>();
        Thread reaper = new Thread(() -> children.forEach(n -> n.process.destroyForcibly()));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            for (int i = 0; i < nodes; i++) {
                children.add(Node.start(db, schema, "bench-node-" + i, threads));
            }
            for (Node n : children) {
                n.await("READY", READY_TIMEOUT_MS);
            }
            int perRound = batches * instances;
            for (int r = 0; r < warmup + rounds; r++) {
                long t0 = System.nanoTime();
                for (Node n : children) {
                    n.send("RUN " + r + " " + batches + " " + instances / nodes);
                }
                for (Node n : children) {
                    n.await("DONE " + r + " " + batches * (instances / nodes), ROUND_TIMEOUT_MS);
                }
                double wallSeconds = (System.nanoTime() - t0) / 1e9;
                long[] span = db.roundSpan(schema, "r" + r + "-");
                if (span[0] != perRound || span[1] != perRound) {
                    throw new IllegalStateException("round " + r + ": " + span[1] + " instances in the store, "
                            + span[0] + " completed, expected " + perRound);
                }
                double storeSeconds = Math.max(1, span[3] - span[2]) / 1e3;
                double rate = perRound * STEPS / storeSeconds;
                double wallRate = perRound * STEPS / wallSeconds;
                System.out.printf(Locale.ROOT, "  %d node(s) round %d%s: %,.0f steps/s (%d steps in %.3f s, first"
                        + " start to last completion in the store; %,.0f steps/s by the parent's clock)%n", nodes, r,
                        r < warmup ? " (warm-up)" : "", rate, perRound * STEPS, storeSeconds, wallRate);
                if (r >= warmup) {
                    cluster.add(rate);
                    wall.add(wallRate);
                }
            }
        } finally {
            for (Node n : children) {
                n.stop();
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            db.dropSchema(schema);
        }
    }

    private static String summary(List<Double> rates) {
        return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", mean(rates),
                rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                rates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static double mean(List<Double> rates) {
        return rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** One child JVM running a {@link ClusterNode}. */
    private static final class Node {
        private static final String EOF = "\u0000EOF";

        final String id;
        final Process process;
        final Writer stdin;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Node(String id, Process process) {
            this.id = id;
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended: its stream is gone
                } finally {
                    lines.add(EOF);
                }
            }, id + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Node start(PgDatabase db, String schema, String id, int threads) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m",
                    "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=warn",
                    "-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(),
                    db.url(schema), db.user(), db.password(), id + "-" + schema, Integer.toString(threads));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            return new Node(id, pb.start());
        }

        void send(String command) throws IOException {
            stdin.write(command + "\n");
            stdin.flush();
        }

        /** Waits for {@code expected} as the node's next line of output. */
        void await(String expected, long timeoutMs) throws InterruptedException {
            String line = lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException(id + " did not print '" + expected + "' within " + timeoutMs + " ms");
            }
            if (line.equals(EOF)) {
                throw new IllegalStateException(id + " ended (exit status " + exitStatus() + ") before printing '"
                        + expected + "'");
            }
            if (!line.equals(expected)) {
                throw new IllegalStateException(id + " printed '" + line + "' where '" + expected + "' was expected");
            }
        }

        private String exitStatus() throws InterruptedException {
            return process.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        }

        /** Asks the node to close its engine and exit; kills it if it has not within 60 s. */
        void stop() throws InterruptedException {
            try {
                send("QUIT");
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}

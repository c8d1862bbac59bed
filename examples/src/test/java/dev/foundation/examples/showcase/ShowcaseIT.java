package dev.foundation.examples.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.Persistence;
import dev.foundation.events.PublisherSpec;
import dev.foundation.events.StreamSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the showcase in child JVMs and checks its summary against the data it left: the shop database (read
 * with plain JDBC) and the {@code orders} log (read back with foundation-events).
 */
class ShowcaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORT = Pattern.compile("status page http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern PLACED = Pattern.compile("\\[progress\\]\\s+placed (\\d+)");

    /**
     * A child JVM running the showcase. Its output goes to a file (reading a pipe concurrently with the
     * process's exit can lose the last lines in the JDK), read back by {@link #output()}.
     */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path log;

        Child(Path dataDir, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.foundation.examples.Examples");
            command.add("showcase");
            command.add("--data-dir");
            command.add(dataDir.toString());
            command.addAll(List.of(args));
            Files.createDirectories(dataDir);
            log = Files.createTempFile(dataDir, "child-", ".log"); // beside the data, removed with it
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                // complete lines only: System.out writes a line longer than its 128-byte buffer in several
                // pieces, and a half-written progress line ("... running) | ") must not match
                String out = output();
                for (String l : out.substring(0, out.lastIndexOf('\n') + 1).split("\n")) {
                    if (matching.test(l)) {
                        return l;
                    }
                }
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    for (String l : output().split("\n")) {
                        if (matching.test(l)) {
                            return l;
                        }
                    }
                    break;
                }
            }
            throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
        }

        /** Waits until at least {@code count} complete lines match (the output is only appended to). */
        void awaitLines(Predicate<String> matching, int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String out = output();
                if (out.substring(0, out.lastIndexOf('\n') + 1).lines().filter(matching).count() >= count) {
                    return;
                }
                if (System.nanoTime() >= deadline || process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("fewer than " + count + " matching lines within " + timeout
                            + "; output:\n" + output());
                }
            }
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the showcase did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void run_summaryMatchesTheData_andASecondRunResumesInsteadOfRedoing(@TempDir Path dir) throws Exception {
        JsonNode first;
        try (Child child = new Child(dir, "--orders", "40")) {
            assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.output()).isZero();
            assertThat(child.output()).contains("[recovery]     nothing to recover").contains("showcase summary")
                    .contains("cache hit rate per tier");
            first = JSON.readTree(dir.resolve("summary.json").toFile());
        }
        Books books = checkConsistent(dir, first, 40);
        assertThat(first.get("ordersPlacedThisRun").asLong()).isEqualTo(40);
        assertThat(first.get("cache").get("tiers").get("L1").get("hits").asLong()
                + first.get("cache").get("tiers").get("L1").get("misses").asLong()).isEqualTo(40);
        assertThat(first.get("leader").get("term").asLong()).isPositive();
        assertThat(first.get("latencyMillis").get("count").asLong()).isEqualTo(40);

        try (Child child = new Child(dir, "--orders", "40")) {
            assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.output()).isZero();
            JsonNode second = JSON.readTree(dir.resolve("summary.json").toFile());
            JsonNode recovered = second.get("recovered");
            assertThat(recovered.get("events").asLong()).isEqualTo(first.get("events").asLong());
            assertThat(recovered.get("placedEvents").asLong()).isEqualTo(40);
            assertThat(recovered.get("projectionOffset").asLong()).isEqualTo(first.get("events").asLong());
            assertThat(recovered.get("projectionRevenueCents").asLong())
                    .isEqualTo(first.get("revenue").get("totalCents").asLong());
            assertThat(recovered.get("knownWorkflows").asLong()).isEqualTo(40);
            assertThat(second.get("ordersPlacedThisRun").asLong()).isZero();
            assertThat(second.get("paymentCallsThisRun").asLong()).isZero();
            assertThat(second.get("fencedReservationsThisRun").asLong()).isZero();
            assertThat(second.get("events").asLong()).isEqualTo(first.get("events").asLong());
            assertThat(child.output()).contains("[recovery]     orders stream: " + first.get("events").asLong()
                    + " events on disk");
            assertThat(checkConsistent(dir, second, 40)).isEqualTo(books);
        }
    }

    @Test
    void killedMidRun_restartLosesNoOrderAndChargesNoneTwice(@TempDir Path dir) throws Exception {
        writeSettings(dir, 60);
        int target = 240;
        try (Child child = new Child(dir, "--orders", Integer.toString(target))) {
            child.awaitLine(l -> {
                Matcher m = PLACED.matcher(l);
                return m.find() && Integer.parseInt(m.group(1)) >= 50;
            }, Duration.ofSeconds(90));
            child.process.destroyForcibly();
            child.awaitExit(Duration.ofSeconds(30));
            assertThat(child.output()).doesNotContain("showcase summary");
        }
        try (Child child = new Child(dir, "--orders", Integer.toString(target))) {
            assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.output()).isZero();
            JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
            assertThat(summary.get("recovered").get("placedEvents").asLong()).isBetween(50L, (long) target - 1);
            assertThat(summary.get("ordersPlacedThisRun").asLong())
                    .isEqualTo(target - summary.get("recovered").get("placedEvents").asLong());
            assertThat(child.output()).contains("[recovery]     orders stream:");
            checkConsistent(dir, summary, target);
            // two candidates per run; only the elected one reconciled
            assertThat(summary.get("reconciliationsTotal").asLong()).isPositive();
            JsonNode byCandidate = summary.get("reconciliationsThisRun");
            assertThat(byCandidate.size()).isEqualTo(2);
            String leader = summary.get("leader").get("id").asText();
            byCandidate.properties().forEach(e -> {
                if (!e.getKey().equals(leader)) {
                    assertThat(e.getValue().asLong()).as("reconciliations by standby " + e.getKey()).isZero();
                }
            });
        }
    }

    @Test
    void serve_statusPageMetricsAndProbesAnswer_andSigtermStopsInDependencyOrder(@TempDir Path dir) throws Exception {
        // faster than the workflows can follow with a backlog of 8 at most: the generator waits for capacity
        writeSettings(dir, 400, 8);
        try (Child child = new Child(dir, "--serve")) {
            Matcher m = PORT.matcher(child.awaitLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(90)));
            assertThat(m.find()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            child.awaitLine(l -> l.startsWith("[progress]") && !l.contains("completed 0,"), Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> page = get(http, base + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
            assertThat(page.body()).contains("Components").contains("workflow").contains("COMPLETED")
                    .contains("Catalogue cache").contains("L1").contains("Leader of").contains("projection lag")
                    .contains("fetch(\"/status.json\"").contains("backlog").contains("<svg");
            assertThat(StatusServer.template()).as("the static page loads nothing from elsewhere")
                    .doesNotContain("<link").doesNotContain(" src=").doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
            JsonNode status = JSON.readTree(get(http, base + "/status.json").body());
            assertThat(status.get("components").size()).isEqualTo(15);
            assertEveryFieldThePageShowsIsInTheStatus(page.body(), status);
            JsonNode backpressured = awaitStatus(http, base, s -> s.get("orders").get("capacityWaits").asLong() > 0,
                    Duration.ofSeconds(60));
            assertThat(backpressured.get("orders").get("maxBacklog").asLong()).isEqualTo(8);
            assertThat(child.awaitLine(l -> l.startsWith("[progress]") && l.contains("backlog "), Duration.ofSeconds(10)))
                    .containsPattern("backlog \\d+/8 \\(\\d+ not started, \\d+ running\\)");
            assertThat(status.get("workflows").get("COMPLETED").asLong()).isPositive();
            assertThat(status.get("leader").asText()).contains("term");
            String metrics = get(http, base + "/metrics").body();
            assertThat(metrics).contains("foundation_workflow_instances_started_total")
                    .contains("foundation_cache_tier_gets_total").contains("showcase_order_latency_seconds")
                    .contains("foundation_lifecycle_component_stage");
            assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(get(http, base + "/health").body()).get("status").asText())
                    .isIn("HEALTHY", "DEGRADED");

            // a valid edit of the watched settings is applied, an invalid one rejected with its violations
            Path yml = dir.resolve("showcase.yml");
            Files.writeString(yml, Files.readString(yml).replaceFirst("failureRate: 0\\.2 ", "failureRate: 0.5 "));
            child.awaitLine(l -> l.startsWith("[config]       applied v2") && l.contains("showcase.payment.failureRate"),
                    Duration.ofSeconds(30));
            Files.writeString(yml, Files.readString(yml).replaceFirst("failureRate: 0\\.5 ", "failureRate: 2.5 ")
                    .replaceFirst("ordersPerSecond: \\d+", "ordersPerSecond: 0"));
            child.awaitLine(l -> l.startsWith("[config]       REJECTED") && l.contains("still serving v2"),
                    Duration.ofSeconds(30));
            child.awaitLine(l -> l.contains("showcase.payment.failureRate=2.5"), Duration.ofSeconds(5));
            child.awaitLine(l -> l.contains("showcase.limits.ordersPerSecond=0"), Duration.ofSeconds(5));
            assertThat(JSON.readTree(get(http, base + "/status.json").body()).get("configVersion").asLong())
                    .isEqualTo(2);

            // the backlog check below reads several progress lines: the edits above may all fit in one interval
            child.awaitLines(l -> l.startsWith("[progress]"), 3, Duration.ofSeconds(30));
            child.process.destroy(); // SIGTERM
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isZero();
            String out = child.output();
            assertThat(out).contains("showcase summary");
            // the generator stays within the backlog: orders placed but not finished stay near 8 (the slack covers
            // the progress line reading the counts one after the other), not growing with the run
            Pattern progress = Pattern.compile("placed (\\d+) \\|.* completed (\\d+), compensated (\\d+), failed (\\d+),");
            List<String> lines = out.lines().filter(l -> l.startsWith("[progress]")).toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
            for (String l : lines) {
                Matcher p = progress.matcher(l);
                assertThat(p.find()).as(l).isTrue();
                long unfinished = Long.parseLong(p.group(1)) - Long.parseLong(p.group(2)) - Long.parseLong(p.group(3))
                        - Long.parseLong(p.group(4));
                assertThat(unfinished).as("orders placed but not finished in " + l).isLessThanOrEqualTo(8 + 30);
            }
            // the summary comes after every part has stopped (metrics stops last), its box is rectangular
            assertThat(out.indexOf("showcase summary")).isGreaterThan(out.indexOf("metrics      STOPPING -> STOPPED"))
                    .isGreaterThan(out.indexOf("orders       STOPPING -> STOPPED"));
            List<String> box = out.lines().filter(l -> l.startsWith("+-") || l.startsWith("| ")).toList();
            assertThat(box).hasSizeGreaterThan(10).extracting(String::length).containsOnly(box.get(0).length());
            assertThat(out.indexOf("orders       STOPPING -> STOPPED"))
                    .isPositive()
                    .isLessThan(out.indexOf("workflow     STOPPING -> STOPPED"));
            assertThat(out.indexOf("workflow     STOPPING -> STOPPED")).isLessThan(out.indexOf("events       STOPPING -> STOPPED"));
            assertThat(out.indexOf("coordination STOPPING -> STOPPED")).isLessThan(out.indexOf("hazelcast    STOPPING -> STOPPED"));
            assertThat(out.indexOf("hazelcast    STOPPING -> STOPPED")).isLessThan(out.indexOf("http         STOPPING -> STOPPED"));
            JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
            assertThat(summary.get("ordersPlaced").asLong()).isPositive();
            assertThat(summary.get("backpressure").get("capacityWaits").asLong()).isPositive();
            checkCountsConsistent(dir, summary);
        }
    }

    /**
     * After a serve run was stopped: the summary's counts agree with each other and with the {@code orders}
     * log read back independently (nothing was placed or finished after the summary was taken).
     */
    private static void checkCountsConsistent(Path dir, JsonNode summary) throws Exception {
        Log log = readLog(dir);
        assertThat(log.placed().values()).allMatch(n -> n == 1);
        assertThat(summary.get("ordersPlaced").asLong()).isEqualTo(log.placed().size());
        assertThat(summary.get("events").asLong()).isEqualTo(log.events());
        long workflows = 0;
        for (JsonNode n : summary.get("workflows")) {
            workflows += n.asLong();
        }
        assertThat(summary.get("orders").size()).isEqualTo(workflows);
        assertThat(workflows + summary.get("ordersWithoutWorkflow").asLong()).isEqualTo(log.placed().size());
        summary.get("orders").properties().forEach(e -> assertThat(log.placed()).containsKey(e.getKey()));
        assertThat(summary.get("revenue").get("orders").asLong()).isEqualTo(log.completedTotals().size());
        assertThat(summary.get("revenue").get("totalCents").asLong())
                .isEqualTo(log.completedTotals().values().stream().mapToLong(Long::longValue).sum());
    }

    /** Every {@code s.a.b} path the page's script reads exists in the status (the page shows nothing else). */
    private static void assertEveryFieldThePageShowsIsInTheStatus(String page, JsonNode status) {
        String script = page.substring(page.indexOf("function render(s)"));
        Matcher m = Pattern.compile("\\bs\\.([A-Za-z]+(?:\\.[A-Za-z]+)*)").matcher(script);
        java.util.Set<String> paths = new java.util.TreeSet<>();
        while (m.find()) {
            // drop what is JavaScript, not a field: s.components.map(...) reads s.components
            paths.add(m.group(1).replaceFirst("(\\.(length|forEach|map|slice|join))+$", ""));
        }
        assertThat(paths).as("fields the page reads").contains("orders.backlog", "analytics.pipelines", "components",
                "workflows", "cache.hitRate", "stream.projectionLag", "revenueTop", "leader");
        for (String path : paths) {
            JsonNode n = status;
            for (String part : path.split("\\.")) {
                n = n.get(part);
                assertThat(n).as("/status.json field '" + path + "' read by the page").isNotNull();
            }
        }
    }

    private static JsonNode awaitStatus(HttpClient http, String base, Predicate<JsonNode> condition, Duration timeout) {
        return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(get(http, base + "/status.json").body()), condition::test);
    }

    @Test
    void statusPage_drawsPipelinesAnomaliesAndAlerts_inHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "headless Chromium is not installed at " + chromium + ": the page is"
                + " not rendered in a browser (the serve test still parses it and checks /status.json has every field"
                + " it reads)");
        writeSettings(dir, 40);
        try (Child child = new Child(dir, "--serve")) {
            Matcher m = PORT.matcher(child.awaitLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(90)));
            assertThat(m.find()).isTrue();
            String base = "http://127.0.0.1:" + m.group(1);
            HttpClient http = HttpClient.newHttpClient();
            // wait until every pipeline has a series with two points or more to draw
            awaitStatus(http, base, s -> {
                JsonNode pipelines = s.path("analytics").path("pipelines");
                if (pipelines.size() < 3) {
                    return false;
                }
                for (JsonNode p : pipelines) {
                    boolean drawable = false;
                    for (JsonNode series : p.get("series")) {
                        for (JsonNode points : series.get("points")) {
                            drawable |= points.size() >= 2;
                        }
                    }
                    if (!drawable) {
                        return false;
                    }
                }
                return true;
            }, Duration.ofSeconds(90));
            Path dom = dir.resolve("dom.html");
            Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + dir.resolve("chromium-profile"), "--dump-dom", base + "/")
                    .redirectError(dir.resolve("chromium.log").toFile()).redirectOutput(dom.toFile()).start();
            try {
                assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            } finally {
                browser.destroyForcibly();
            }
            String html = Files.readString(dom);
            assertThat(html).as(Files.readString(dir.resolve("chromium.log"))).contains("Foundation showcase");
            // the script ran: tables and charts are in the DOM, drawn from the status
            Matcher paths = Pattern.compile("<path class=\"line\" d=\"M[0-9.]+ [0-9.]+(L[0-9.]+ [0-9.]+)+\"")
                    .matcher(html);
            int drawn = 0;
            while (paths.find()) {
                drawn++;
            }
            assertThat(drawn).as("SVG line charts drawn").isGreaterThanOrEqualTo(3);
            assertThat(html).contains("data-pipeline=\"order-latency\"").contains("data-pipeline=\"workflow-throughput\"")
                    .contains("data-pipeline=\"order-backlog\"").contains("order-latency-p95").contains("backlog-at-limit")
                    .contains("<tr class=\"HEALTHY\"><td>workflow</td>").contains("<span id=\"error\"></span>");
            child.process.destroy();
            child.awaitExit(Duration.ofSeconds(60));
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        // generous for a loaded CI machine; the status counts workflows with one GROUP BY in the store
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            // a page that does not answer is a hang to find (once: a lock-order deadlock): show where it waits
            throw new AssertionError(url + " did not answer within 30 s; the showcase's threads:\n" + childThreads(), e);
        }
    }

    /** The thread dump of every child JVM of this test ({@code jcmd <pid> Thread.print}). */
    private static String childThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        StringBuilder out = new StringBuilder();
        ProcessHandle.current().children().forEach(child -> {
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                out.append("--- pid ").append(child.pid()).append('\n').append(dump);
            } catch (IOException e) {
                out.append("--- pid ").append(child.pid()).append(": no thread dump (").append(e).append(")\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return out.toString();
    }

    private static void writeSettings(Path dir, int ordersPerSecond) throws IOException {
        writeSettings(dir, ordersPerSecond, 300);
    }

    private static void writeSettings(Path dir, int ordersPerSecond, int maxBacklog) throws IOException {
        Files.createDirectories(dir);
        String yml;
        try (var in = ShowcaseIT.class.getResourceAsStream("/showcase/showcase.yml")) {
            yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("showcase.yml"), yml.replaceFirst("ordersPerSecond: \\d+",
                "ordersPerSecond: " + ordersPerSecond).replaceFirst("reconcileInterval: 2s", "reconcileInterval: 500ms")
                .replaceFirst("maxBacklog: \\d+", "maxBacklog: " + maxBacklog));
    }

    /** The {@code orders} log read back: how often each order was placed, the completed orders' totals. */
    record Log(Map<String, Integer> placed, Map<String, Long> completedTotals, long events) {
    }

    private static Log readLog(Path dir) throws Exception {
        Map<String, Integer> placed = new HashMap<>();
        Map<String, Long> completedTotals = new HashMap<>();
        long[] events = new long[1];
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<OrderEvent> orders = streams.create("orders", StreamSpec.of(OrderEvent.class)
                    .partitions(8).partitionBy(OrderEvent::customer)
                    .persistence(Persistence.disk(dir.resolve("events"))));
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Void> failure = new CompletableFuture<>();
            orders.asPublisher(PublisherSpec.REPLAY).subscribe(new Flow.Subscriber<Event<OrderEvent>>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Event<OrderEvent> e) {
                    events[0]++;
                    if (e.value().isPlaced()) {
                        placed.merge(e.value().orderId(), 1, Integer::sum);
                    } else {
                        completedTotals.put(e.value().orderId(), e.value().totalCents());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failure.completeExceptionally(t);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(failure).isNotCompletedExceptionally();
        }
        return new Log(placed, completedTotals, events[0]);
    }

    /** What the shop database holds, compared across runs. */
    record Books(long charged, long chargedCents, long refunded, long shipments, long reservations) {
    }

    /**
     * Checks the invariants a correct run leaves, whatever crashed before: every order placed once and
     * finished, one charge per order at most, kept only for completed orders, revenue = payments kept.
     */
    private static Books checkConsistent(Path dir, JsonNode summary, int target) throws Exception {
        JsonNode workflows = summary.get("workflows");
        long completed = workflows.path("COMPLETED").asLong();
        long compensated = workflows.path("COMPENSATED").asLong();
        long failed = workflows.path("FAILED").asLong();
        assertThat(workflows.path("RUNNING").asLong() + workflows.path("COMPENSATING").asLong()).isZero();
        assertThat(completed + compensated + failed).isEqualTo(target);
        assertThat(summary.get("orders").size()).isEqualTo(target);
        Map<String, String> status = new HashMap<>();
        summary.get("orders").properties().forEach(e -> status.put(e.getKey(), e.getValue().asText()));

        // the orders log, read back independently: every order placed exactly once
        Log log = readLog(dir);
        Map<String, Integer> placed = log.placed();
        Map<String, Long> completedTotals = log.completedTotals();
        assertThat(placed).hasSize(target);
        assertThat(placed.values()).allMatch(n -> n == 1);
        assertThat(status.keySet()).isEqualTo(placed.keySet());
        assertThat(completedTotals.keySet()).containsExactlyInAnyOrderElementsOf(
                status.entrySet().stream().filter(e -> e.getValue().equals("COMPLETED")).map(Map.Entry::getKey).toList());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shop.db"));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT order_id, COUNT(*), SUM(state = 'CHARGED'), SUM(amount_cents)"
                    + " FROM payments GROUP BY order_id")) {
                while (r.next()) {
                    String order = r.getString(1);
                    assertThat(r.getInt(2)).as("payments of " + order).isEqualTo(1);
                    boolean kept = r.getInt(3) == 1;
                    assertThat(kept).as("charge of " + order + " kept iff it completed (" + status.get(order) + ")")
                            .isEqualTo("COMPLETED".equals(status.get(order)));
                    if (kept) {
                        assertThat(r.getLong(4)).isEqualTo(completedTotals.get(order));
                    }
                }
            }
            long chargedCents = scalar(s, "SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE state = 'CHARGED'");
            long charged = scalar(s, "SELECT COUNT(*) FROM payments WHERE state = 'CHARGED'");
            assertThat(charged).isEqualTo(completed);
            assertThat(summary.get("revenue").get("totalCents").asLong()).isEqualTo(chargedCents)
                    .isEqualTo(completedTotals.values().stream().mapToLong(Long::longValue).sum());
            assertThat(summary.get("revenue").get("orders").asLong()).isEqualTo(completed);
            long byCustomer = 0;
            for (JsonNode v : summary.get("revenue").get("byCustomer")) {
                byCustomer += v.asLong();
            }
            assertThat(byCustomer).isEqualTo(chargedCents);
            assertThat(scalar(s, "SELECT COUNT(DISTINCT order_id) FROM shipments")).isEqualTo(completed);
            assertThat(scalar(s, "SELECT COUNT(*) FROM reservations WHERE state = 'RESERVED'")).isEqualTo(completed);
            assertThat(scalar(s, "SELECT COUNT(*) FROM products p WHERE initial_stock != available + COALESCE("
                    + "(SELECT SUM(quantity) FROM reservations x WHERE x.sku = p.sku AND x.state = 'RESERVED'), 0)"))
                    .as("products whose stock does not add up").isZero();
            assertThat(scalar(s, "SELECT COUNT(*) FROM (SELECT term FROM reconciliations GROUP BY term"
                    + " HAVING COUNT(DISTINCT leader) > 1)")).as("terms with two reconciling leaders").isZero();
            return new Books(charged, chargedCents, scalar(s, "SELECT COUNT(*) FROM payments WHERE state = 'REFUNDED'"),
                    scalar(s, "SELECT COUNT(*) FROM shipments"), scalar(s, "SELECT COUNT(*) FROM reservations"));
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}

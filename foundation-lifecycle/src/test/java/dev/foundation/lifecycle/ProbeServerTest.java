package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeServerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final EventLog log = new EventLog();
    private final ManualScheduler clock = new ManualScheduler();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Lifecycle app;
    private int port;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }

    @Test
    void probes_followStartDegradationAndShutdown_overRealHttp() throws Exception {
        Set<String> threadsBefore = LifecycleThreads.live();
        TestComponent db = new TestComponent("db", log);
        TestComponent cache = new TestComponent("cache", log);
        db.startGate = new CountDownLatch(1);
        CountDownLatch inHook = new CountDownLatch(1);
        CountDownLatch releaseHook = new CountDownLatch(1);
        app = Lifecycle.builder()
                .component("db", db, o -> o.healthCheck(INTERVAL, Duration.ofSeconds(1)).healthThresholds(1, 1)
                        .restart(RestartPolicy.TEMPORARY))
                .component("cache", cache, o -> o.dependsOn("db").critical(false).healthCheck(INTERVAL, Duration.ofSeconds(1)))
                .shutdownHook("wait-for-test", 1, Duration.ofSeconds(30), () -> {
                    inHook.countDown();
                    releaseHook.await(30, TimeUnit.SECONDS);
                })
                .probes(ProbeServer.on("127.0.0.1", 0))
                .scheduler(clock)
                .build();
        assertThat(app.probeAddress()).isEmpty();

        CompletableFuture<Void> starting = CompletableFuture.runAsync(app::start);
        await().until(() -> app.probeAddress().isPresent() && app.stage("db") == Stage.STARTING);
        port = app.probeAddress().orElseThrow().getPort();
        assertThat(port).isPositive();
        // starting
        assertThat(status("/health/live")).isEqualTo(200);
        assertThat(status("/health/started")).isEqualTo(503);
        assertThat(status("/health/ready")).isEqualTo(503);
        HttpResponse<String> starting503 = get("/health");
        assertThat(starting503.statusCode()).isEqualTo(503);
        assertThat(starting503.body()).contains("\"db\":{\"stage\":\"STARTING\"");

        db.startGate.countDown();
        starting.get(10, TimeUnit.SECONDS);
        // running
        assertThat(status("/health/started")).isEqualTo(200);
        assertThat(status("/health/ready")).isEqualTo(200);
        HttpResponse<String> healthy = get("/health");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(healthy.body()).startsWith("{\"status\":\"HEALTHY\",\"live\":true,\"ready\":true,\"started\":true,\"shuttingDown\":false")
                .contains("\"cache\":{\"stage\":\"RUNNING\",\"status\":\"HEALTHY\",\"critical\":false,\"dependencies\":[\"db\"]");

        // degraded: still 200, status in the body
        db.health = Health.degraded("replica \"b\" lagging");
        cache.health = Health.degraded("cold");
        clock.awaitDue(INTERVAL, 2);
        clock.advance(INTERVAL);
        await().until(() -> app.health().status() == HealthStatus.DEGRADED && db.checks.get() == 1 && cache.checks.get() == 1);
        HttpResponse<String> degraded = get("/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(degraded.body()).startsWith("{\"status\":\"DEGRADED\"")
                .contains("\"detail\":\"replica \\\"b\\\" lagging\"");
        assertThat(status("/health/ready")).isEqualTo(200);

        // a critical component unhealthy: 503 and not ready, but live
        db.health = Health.unhealthy(new IOException("disk failed"));
        clock.awaitDue(INTERVAL, 2);
        clock.advance(INTERVAL);
        await().until(() -> app.health().status() == HealthStatus.UNHEALTHY);
        HttpResponse<String> unhealthy = get("/health");
        assertThat(unhealthy.statusCode()).isEqualTo(503);
        assertThat(unhealthy.body()).contains("\"lastError\":\"IOException: disk failed\"");
        assertThat(status("/health/ready")).isEqualTo(503);
        assertThat(status("/health/live")).isEqualTo(200);

        db.health = Health.healthy();
        cache.health = Health.healthy();
        clock.awaitDue(INTERVAL, 2);
        clock.advance(INTERVAL);
        await().until(() -> app.health().status() == HealthStatus.HEALTHY);
        assertThat(status("/health/ready")).isEqualTo(200);

        // shutdown: readiness down at once, probes still answer while hooks run
        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        assertThat(inHook.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(status("/health/ready")).isEqualTo(503);
        assertThat(status("/health/live")).isEqualTo(200);
        assertThat(status("/health/started")).isEqualTo(200);
        assertThat(get("/health").body()).contains("\"shuttingDown\":true");
        releaseHook.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> status("/health/live")).isInstanceOf(ConnectException.class);
        assertThat(app.probeAddress()).isEmpty();
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void probes_keepAnswering_whileTheLastComponentStops() throws Exception {
        TestComponent db = new TestComponent("db", log);
        TestComponent web = new TestComponent("web", log);
        db.stopGate = new CountDownLatch(1);
        app = Lifecycle.builder().component("db", db).component("web", web, o -> o.dependsOn("db"))
                .probes(ProbeServer.on("127.0.0.1", 0)).scheduler(clock).build();
        app.start();
        port = app.probeAddress().orElseThrow().getPort();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        await().until(() -> app.stage("db") == Stage.STOPPING);
        assertThat(status("/health/live")).isEqualTo(200);
        assertThat(status("/health/ready")).isEqualTo(503);
        HttpResponse<String> report = get("/health");
        assertThat(report.statusCode()).isEqualTo(503);
        assertThat(report.body()).contains("\"shuttingDown\":true")
                .contains("\"db\":{\"stage\":\"STOPPING\"").contains("\"web\":{\"stage\":\"STOPPED\"");
        db.stopGate.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> status("/health/live")).isInstanceOf(ConnectException.class);
    }

    @Test
    void probes_answer404ForUnknownPaths_and405ForOtherMethods() throws Exception {
        app = Lifecycle.builder().component("db", new TestComponent("db", log))
                .probes(ProbeServer.on("127.0.0.1", 0)).scheduler(clock).build();
        app.start();
        port = app.probeAddress().orElseThrow().getPort();
        assertThat(status("/health/livez")).isEqualTo(404);
        assertThat(status("/metrics")).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void start_fails_whenTheProbePortIsTaken_andLeavesNothingRunning() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            TestComponent db = new TestComponent("db", log);
            Lifecycle broken = Lifecycle.builder().component("db", db)
                    .probes(ProbeServer.on("127.0.0.1", taken.getLocalPort())).scheduler(clock).build();
            assertThatThrownBy(broken::start).isInstanceOf(LifecycleStartException.class)
                    .hasMessageContaining("'probes' failed").hasMessageContaining("cannot serve probes on 127.0.0.1:" + taken.getLocalPort());
            assertThat(db.starts).hasValue(0);
        }
    }
}

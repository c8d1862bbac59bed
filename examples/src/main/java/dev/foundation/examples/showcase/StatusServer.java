package dev.foundation.examples.showcase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.foundation.cache.CacheStats;
import dev.foundation.coordination.Leadership;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.workflow.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One local port for everything a person or a scraper wants: the status page {@code /} (a static page that
 * draws itself, charts included, from {@code /status.json}),
 * {@code /status.json}, Prometheus {@code /metrics}, and the probes {@code /health}, {@code /health/live},
 * {@code /health/ready}, {@code /health/started} answered from the lifecycle's health report. (The lifecycle's
 * own probe server cannot host extra routes, so the showcase serves the probes itself on the same port.)
 */
final class StatusServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Showcase app;
    private final ObjectMapper json = new ObjectMapper();

    private StatusServer(Showcase app, HttpServer server, ExecutorService executor) {
        this.app = app;
        this.server = server;
        this.executor = executor;
    }

    static StatusServer start(Showcase app, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "showcase-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        StatusServer s = new StatusServer(app, server, executor);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            HealthReport report = app.health();
            switch (path) {
                case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page());
                case "/status.json" -> send(ex, 200, "application/json", json.writeValueAsString(status()));
                case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", app.registry().scrape());
                case "/health" -> send(ex, report.status() == dev.foundation.lifecycle.HealthStatus.UNHEALTHY ? 503 : 200,
                        "application/json", json.writeValueAsString(Map.of("status", report.status().name(),
                                "components", Showcase.componentsJson(report))));
                case "/health/live" -> probe(ex, report.live());
                case "/health/ready" -> probe(ex, report.ready());
                case "/health/started" -> probe(ex, report.started());
                default -> send(ex, 404, "text/plain", "not found: " + path);
            }
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", "status unavailable: " + e);
        }
    }

    private static void probe(HttpExchange ex, boolean up) throws IOException {
        send(ex, up ? 200 : 503, "text/plain", up ? "UP" : "DOWN");
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Everything the page shows, as data: the page draws itself from this. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        HealthReport report = app.health();
        m.put("health", report.status().name());
        m.put("ready", report.ready());
        m.put("components", Showcase.componentsJson(report));
        OrderGenerator g = app.generator();
        if (g != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("placed", g.placedTotal());
            o.put("placedThisRun", g.placedThisRun());
            o.put("target", app.options().serve() ? null : app.options().orders());
            o.put("backlog", app.backlog());
            o.put("notStarted", app.notStarted());
            o.put("running", app.running());
            o.put("maxBacklog", app.settings().limits().maxBacklog());
            o.put("waitingForCapacity", g.waitingForCapacity());
            o.put("capacityWaits", g.capacityWaits());
            o.put("capacityWaitMillis", g.capacityWaitMillis());
            m.put("orders", o);
        }
        if (app.orders() != null && app.revenue() != null) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("events", app.endOffset());
            st.put("endOffsets", app.orders().stats().endOffsets());
            st.put("projectionOffsets", app.revenue().offsets());
            st.put("projectionLag", app.projectionLag());
            st.put("revenueCents", app.revenue().state().totalCents());
            m.put("stream", st);
            List<Map<String, Object>> top = new ArrayList<>();
            for (Map.Entry<String, Long> e : app.revenue().state().top(5)) {
                top.add(Map.of("customer", e.getKey(), "cents", e.getValue()));
            }
            m.put("revenueTop", top);
        }
        if (app.engine() != null) {
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<Status, Long> byStatus = app.statusCounts();
            for (Status s : Status.values()) {
                counts.put(s.name(), byStatus.getOrDefault(s, 0L));
            }
            m.put("workflows", counts);
        }
        if (app.catalogue() != null) {
            CacheStats<String> stats = app.catalogue().stats();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("tiers", Showcase.tierJson(stats));
            c.put("hits", stats.hits());
            c.put("misses", stats.misses());
            c.put("hitRate", Showcase.rate(stats.hits(), stats.misses()));
            m.put("cache", c);
        }
        Leadership l = app.leader();
        m.put("election", Showcase.ELECTION);
        m.put("leader", l == null ? "none" : l.leaderId() + " (term " + l.term() + ")");
        if (app.configHandle() != null) {
            m.put("configVersion", app.configHandle().snapshot().version());
        }
        Dashboard d = app.dashboard();
        if (d != null) {
            m.put("analytics", d.json());
        }
        return m;
    }

    /**
     * The static page {@code showcase/status.html} with the current status inlined (so it draws at once,
     * then polls {@code /status.json}); {@code </} is escaped so the JSON cannot end the script.
     */
    private String page() throws IOException {
        return template().replace("/*STATUS*/null", json.writeValueAsString(status()).replace("</", "<\\/"));
    }

    static String template() throws IOException {
        try (InputStream in = StatusServer.class.getResourceAsStream("/showcase/status.html")) {
            if (in == null) {
                throw new IllegalStateException("showcase/status.html is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

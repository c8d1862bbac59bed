package dev.foundation.examples.showcase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.foundation.cache.CacheStats;
import dev.foundation.cache.Tier;
import dev.foundation.cache.TierStats;
import dev.foundation.coordination.Leadership;
import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.workflow.Status;
import java.io.IOException;
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
 * One local port for everything a person or a scraper wants: the auto-refreshing status page {@code /},
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
        return m;
    }

    private String page() {
        HealthReport report = app.health();
        StringBuilder b = new StringBuilder(4096);
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">")
                .append("<title>Foundation showcase</title><style>body{font-family:sans-serif;margin:2em;}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #bbb;padding:")
                .append("4px 10px;text-align:left}.HEALTHY{background:#d4f7d4}.DEGRADED{background:#fff3c4}")
                .append(".UNHEALTHY{background:#f7d4d4}</style></head><body>")
                .append("<h1>Foundation showcase</h1><p>Overall health: <b class=\"").append(report.status())
                .append("\">").append(report.status()).append("</b> &middot; ready ").append(report.ready())
                .append(" &middot; refreshes every 2 s &middot; <a href=\"/metrics\">/metrics</a> &middot; ")
                .append("<a href=\"/status.json\">/status.json</a> &middot; <a href=\"/health\">/health</a></p>");
        b.append("<h2>Components</h2><table><tr><th>component</th><th>depends on</th><th>stage</th><th>health</th>")
                .append("<th>detail</th><th>restarts</th></tr>");
        for (ComponentHealth c : report.components()) {
            b.append("<tr class=\"").append(c.status()).append("\"><td>").append(esc(c.name())).append("</td><td>")
                    .append(esc(String.join(", ", c.dependencies()))).append("</td><td>").append(c.stage())
                    .append("</td><td>").append(c.status()).append("</td><td>")
                    .append(esc(c.detail() == null ? "" : c.detail())).append("</td><td>").append(c.restarts())
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (app.orders() != null && app.revenue() != null) {
            b.append("<h2>Stream <code>orders</code></h2><table><tr><th>events</th><th>projection offset</th>")
                    .append("<th>projection lag</th><th>revenue</th></tr><tr><td>").append(app.endOffset())
                    .append("</td><td>").append(app.revenue().offsets()).append("</td><td>")
                    .append(app.projectionLag()).append("</td><td>")
                    .append(Showcase.money(app.revenue().state().totalCents())).append("</td></tr></table>");
        }
        if (app.engine() != null) {
            b.append("<h2>Workflows</h2><table><tr>");
            Map<Status, Long> counts = app.statusCounts();
            for (Status s : Status.values()) {
                b.append("<th>").append(s).append("</th>");
            }
            b.append("</tr><tr>");
            for (Status s : Status.values()) {
                b.append("<td>").append(counts.getOrDefault(s, 0L)).append("</td>");
            }
            b.append("</tr></table>");
        }
        if (app.catalogue() != null) {
            CacheStats<String> stats = app.catalogue().stats();
            b.append("<h2>Catalogue cache</h2><table><tr><th>tier</th><th>hits</th><th>misses</th><th>hit rate</th>")
                    .append("</tr>");
            for (Tier t : Tier.values()) {
                TierStats ts = stats.tiers().get(t);
                if (ts != null) {
                    b.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f%%</td></tr>", t, ts.hits(),
                            ts.misses(), Showcase.rate(ts.hits(), ts.misses()) * 100));
                }
            }
            b.append(String.format("<tr><td>overall</td><td>%d</td><td>%d</td><td>%.1f%%</td></tr></table>",
                    stats.hits(), stats.misses(), Showcase.rate(stats.hits(), stats.misses()) * 100));
        }
        Leadership l = app.leader();
        b.append("<h2>Coordination</h2><p>Leader of <code>").append(Showcase.ELECTION).append("</code>: ")
                .append(l == null ? "none" : esc(l.leaderId()) + " (term " + l.term() + ")").append("</p>");
        if (app.revenue() != null) {
            b.append("<h2>Revenue top 5</h2><table><tr><th>customer</th><th>revenue</th></tr>");
            List<Map.Entry<String, Long>> top = app.revenue().state().top(5);
            for (Map.Entry<String, Long> e : top) {
                b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(Showcase.money(e.getValue()))
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        return b.append("</body></html>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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

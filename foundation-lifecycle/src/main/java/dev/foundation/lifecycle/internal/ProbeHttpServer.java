package dev.foundation.lifecycle.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.ProbeServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the probes with the JDK's built-in HTTP server, on two daemon threads of its own. */
final class ProbeHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private ProbeHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static ProbeHttpServer start(ProbeServer config, int instance, BooleanSupplier live, BooleanSupplier ready,
                                 BooleanSupplier started, Supplier<HealthReport> report) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 50);
        ExecutorService executor = Executors.newFixedThreadPool(2, new Threads(instance, "probes", true));
        server.setExecutor(executor);
        server.createContext("/health/live", ex -> flag(ex, "/health/live", live));
        server.createContext("/health/ready", ex -> flag(ex, "/health/ready", ready));
        server.createContext("/health/started", ex -> flag(ex, "/health/started", started));
        server.createContext("/health", ex -> {
            if (accept(ex, "/health")) {
                HealthReport r = report.get();
                respond(ex, r.status() == HealthStatus.UNHEALTHY ? 503 : 200, HealthJson.write(r));
            }
        });
        server.createContext("/", ex -> respond(ex, 404,
                "{\"error\":\"not found; try /health, /health/live, /health/ready or /health/started\"}"));
        server.start();
        LOG.info("probes listening on http://{}:{}/health", config.host(), server.getAddress().getPort());
        return new ProbeHttpServer(server, executor);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void flag(HttpExchange ex, String path, BooleanSupplier up) throws IOException {
        if (accept(ex, path)) {
            boolean ok = up.getAsBoolean();
            respond(ex, ok ? 200 : 503, ok ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        }
    }

    /** Answers 404/405 itself and returns false unless the request is a GET or HEAD of exactly {@code path}. */
    private static boolean accept(HttpExchange ex, String path) throws IOException {
        String requested = ex.getRequestURI().getPath();
        if (!path.equals(requested)) {
            respond(ex, 404, "{\"error\":\"not found\"}");
            return false;
        }
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(ex, 405, "{\"error\":\"method not allowed\"}");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}

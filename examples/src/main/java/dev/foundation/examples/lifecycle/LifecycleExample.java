package dev.foundation.examples.lifecycle;

import com.sun.net.httpserver.HttpServer;
import dev.foundation.examples.Example;
import dev.foundation.lifecycle.Component;
import dev.foundation.lifecycle.ComponentContext;
import dev.foundation.lifecycle.Health;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.ProbeServer;
import dev.foundation.lifecycle.RestartPolicy;
import dev.foundation.lifecycle.Stage;
import dev.foundation.lifecycle.Supervision;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * A db -&gt; cache -&gt; web application under a {@link Lifecycle}: ordered start, its own probes queried over
 * HTTP, a crash of the cache's refresher thread restarted by the supervisor (rest-for-one: the web server
 * that depends on it is restarted too), and a graceful shutdown with hooks.
 */
public final class LifecycleExample implements Example {

    @Override
    public String name() {
        return "lifecycle";
    }

    @Override
    public String description() {
        return "foundation-lifecycle: db -> cache -> web, probes over HTTP, a crash restarted, graceful shutdown with hooks";
    }

    @Override
    public void run(String[] args) throws Exception {
        Database db = new Database();
        ProductCache cache = new ProductCache(db);
        WebServer web = new WebServer(cache);

        // snippet:lifecycle-quickstart
        Lifecycle app = Lifecycle.builder()
                .component("db", db::connect, db::close, db::health)
                .component("cache", cache, c -> c.dependsOn("db").stopTimeout(Duration.ofSeconds(5)))
                .component("web", web, c -> c.dependsOn("cache").restart(RestartPolicy.PERMANENT))
                .shutdownHook("flush-db", 100, Duration.ofSeconds(2), db::flush)
                .shutdownHook("goodbye", 10, Duration.ofSeconds(1), () -> System.out.println("hook: goodbye"))
                .supervision(Supervision.builder()
                        .strategy(Supervision.Strategy.REST_FOR_ONE)
                        .intensity(3, Duration.ofMinutes(1))
                        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .build())
                .probes(ProbeServer.on("127.0.0.1", 0))
                .drainDelay(Duration.ofMillis(100))
                .listener(t -> System.out.println("transition: " + t))
                .build();
        app.start();
        System.out.println("health: " + app.health().status());
        // end-snippet

        int port = app.probeAddress().orElseThrow().getPort();
        HttpClient http = HttpClient.newHttpClient();
        System.out.println("GET /health/ready -> " + get(http, port, "/health/ready"));
        System.out.println("GET /health       -> " + get(http, port, "/health"));
        System.out.println("GET web /products -> " + get(http, web.port(), "/products"));

        System.out.println("-- injecting a crash into the cache's refresher thread");
        cache.crashRefresher();
        // the supervisor stops web (it depends on cache), waits the backoff, and starts cache then web again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(app.stage("cache") == Stage.RUNNING && app.stage("web") == Stage.RUNNING && cache.starts() == 2)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cache was not restarted: " + app.health());
            }
            Thread.sleep(20);
        }
        System.out.println("restarted: cache restarts=" + app.health().component("cache").orElseThrow().restarts()
                + ", last error=" + app.health().component("cache").orElseThrow().lastError());
        System.out.println("GET /health/ready -> " + get(http, port, "/health/ready"));
        System.out.println("GET web /products -> " + get(http, web.port(), "/products"));

        System.out.println("-- graceful shutdown");
        app.close();
        System.out.println("after close: " + app.components().stream().map(n -> n + "=" + app.stage(n)).toList());
    }

    private static String get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** The database client: an in-memory table behind connect/close, with a health check. */
    static final class Database {
        private final Map<String, String> products = new ConcurrentHashMap<>();
        private volatile boolean connected;

        void connect() {
            products.put("p-1", "kettle");
            products.put("p-2", "teapot");
            connected = true;
            System.out.println("db: connected");
        }

        Map<String, String> load() {
            if (!connected) {
                throw new IllegalStateException("db is not connected");
            }
            return Map.copyOf(products);
        }

        Health health() {
            return connected ? Health.healthy(products.size() + " products") : Health.unhealthy("not connected");
        }

        void flush() {
            System.out.println("hook: db flushed " + products.size() + " rows");
        }

        void close() {
            connected = false;
            System.out.println("db: closed");
        }
    }

    /** A cache refreshed by a background thread; when that thread dies it tells its supervisor. */
    static final class ProductCache implements Component {
        private final Database db;
        private final AtomicInteger starts = new AtomicInteger();
        private volatile Map<String, String> entries = Map.of();
        private volatile Thread refresher;
        private volatile CountDownLatch crash;

        ProductCache(Database db) {
            this.db = db;
        }

        @Override
        public void start(ComponentContext context) {
            entries = db.load();
            CountDownLatch crashSignal = new CountDownLatch(1);
            crash = crashSignal;
            Thread t = new Thread(() -> {
                try {
                    while (!crashSignal.await(50, TimeUnit.MILLISECONDS)) {
                        entries = db.load();
                    }
                    throw new IllegalStateException("refresher thread hit a poisoned entry");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopped
                } catch (RuntimeException e) {
                    context.crashed(e);
                }
            }, "cache-refresher");
            t.setDaemon(true);
            t.start();
            refresher = t;
            starts.incrementAndGet();
            System.out.println("cache: warmed with " + entries.size() + " entries");
        }

        void crashRefresher() {
            crash.countDown();
        }

        int starts() {
            return starts.get();
        }

        String lookup(String id) {
            return entries.get(id);
        }

        @Override
        public Health health() {
            return entries.isEmpty() ? Health.degraded("empty") : Health.healthy();
        }

        @Override
        public void stop() throws InterruptedException {
            Thread t = refresher;
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(5));
            System.out.println("cache: stopped");
        }
    }

    /** A real HTTP server on a free port, serving the cached products. */
    static final class WebServer implements Component {
        private final ProductCache cache;
        private volatile HttpServer server;

        WebServer(ProductCache cache) {
            this.cache = cache;
        }

        @Override
        public void start(ComponentContext context) throws IOException {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/products", ex -> {
                byte[] body = ("p-1=" + cache.lookup("p-1") + ", p-2=" + cache.lookup("p-2")).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            s.start();
            server = s;
            System.out.println("web: listening on port " + s.getAddress().getPort());
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void stop() {
            server.stop(0);
            System.out.println("web: stopped");
        }
    }
}

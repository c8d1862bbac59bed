package dev.foundation.examples.showcase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hazelcast.core.HazelcastInstance;
import dev.foundation.cache.CacheStats;
import dev.foundation.cache.DataSize;
import dev.foundation.cache.L1;
import dev.foundation.cache.L2;
import dev.foundation.cache.L3;
import dev.foundation.cache.Tier;
import dev.foundation.cache.TierStats;
import dev.foundation.cache.LoadingTieredCache;
import dev.foundation.cache.TieredCache;
import dev.foundation.config.ConfigChange;
import dev.foundation.config.ConfigException;
import dev.foundation.config.ConfigHandle;
import dev.foundation.config.FoundationConfig;
import dev.foundation.config.KeyChange;
import dev.foundation.coordination.Coordination;
import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.DistributedLock;
import dev.foundation.coordination.EmbeddedMemberConfig;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.LeaderElection;
import dev.foundation.coordination.Leadership;
import dev.foundation.coordination.LeadershipListener;
import dev.foundation.coordination.LockLease;
import dev.foundation.core.Codecs;
import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.Persistence;
import dev.foundation.events.Projection;
import dev.foundation.events.PublisherSpec;
import dev.foundation.events.Receipt;
import dev.foundation.events.StreamSpec;
import dev.foundation.lifecycle.ComponentHealth;
import dev.foundation.lifecycle.Health;
import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.Stage;
import dev.foundation.workflow.EventTrigger;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.NonRetryableException;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Retry;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.Workflow;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowStores;
import dev.foundation.workflow.spi.WorkflowStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The order-processing application: wires the six modules as components of one {@link Lifecycle}, places
 * orders, waits for their workflows, prints a summary and writes {@code summary.json} to the data directory.
 */
final class Showcase {

    static final String WORKFLOW = "fulfil-order";
    static final String ELECTION = "showcase-reconciler";
    static final String TRIGGER = "fulfil-on-order";

    private final ShowcaseOptions options;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    // the parts, set by their components' start actions
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile ConfigHandle<ShowcaseConfig> config;
    private volatile HazelcastInstance hazelcast;
    private volatile Coordination coordination;
    private volatile ShopDatabase db;
    private volatile LoadingTieredCache<String, Product> catalogue;
    private volatile EventStreams streams;
    private volatile EventStream<OrderEvent> orders;
    private volatile Projection<Revenue> revenue;
    private volatile WorkflowEngine engine;
    private final List<LeaderElection> candidates = new ArrayList<>();
    private volatile ScheduledExecutorService reconcileTimer;
    private volatile OrderGenerator generator;
    private volatile Summary summary;
    private volatile Dashboard dashboard;
    private volatile boolean workflowStopped;
    private volatile StatusServer http;
    private Lifecycle lifecycle;

    // what happened
    private final Map<String, DistributedLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> latenciesMillis = new ConcurrentLinkedQueue<>();
    private final AtomicLong paymentCalls = new AtomicLong();
    private final AtomicLong paymentFailures = new AtomicLong();
    private final AtomicLong lockAcquisitions = new AtomicLong();
    private final AtomicLong highestToken = new AtomicLong();
    private final Map<String, AtomicLong> reconciliationsBy = new ConcurrentHashMap<>();
    private final AtomicReference<Leadership> leader = new AtomicReference<>();
    private volatile Leadership lastLeader;
    private final Set<String> candidateIds = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ConfigException> lastSeenConfigError = new AtomicReference<>();
    private final AtomicBoolean summaryWritten = new AtomicBoolean();
    private volatile Recovery recovery;
    private Timer latencyTimer;
    private Counter configRejections;
    private final long startNanos = System.nanoTime();

    /** What a run found in its data directory before placing any order. */
    record Recovery(long events, long placedEvents, long completedEvents, List<Long> projectionOffsets,
                    long projectionRevenueCents, long unfinishedWorkflows, long knownWorkflows, BitSet placedSeqs) {
        long projectionOffset() {
            return projectionOffsets.stream().mapToLong(Long::longValue).sum();
        }
    }

    Showcase(ShowcaseOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    ShowcaseConfig settings() {
        return config.get();
    }

    // ---------------------------------------------------------------------------------------------- wiring

    private Lifecycle buildLifecycle() {
        Path data = options.dataDir();
        return Lifecycle.builder()
                .component("metrics", () -> { }, registry::close, () -> Health.healthy(registry.getMeters().size() + " meters"))
                .component("analytics", this::startDashboard, () -> dashboard.close(), () -> dashboard.health(),
                        fast().andThen(c -> c.dependsOn("metrics", "config")))
                .component("config", this::startConfig, () -> config.close(), this::configHealth, fast())
                .component("hazelcast", this::startHazelcast, () -> hazelcast.shutdown(),
                        () -> hazelcast.getLifecycleService().isRunning() ? Health.healthy(
                                hazelcast.getCluster().getMembers().size() + " member(s) on "
                                        + hazelcast.getCluster().getLocalMember().getAddress())
                                : Health.unhealthy("member stopped"), fast())
                .component("coordination", () -> coordination = Coordination.hazelcast(hazelcast,
                                CoordinationConfig.custom().meterRegistry(registry).leaderLease(Duration.ofSeconds(5))
                                        .build()),
                        () -> coordination.close(), () -> Health.healthy("member " + shortId(coordination.memberId())),
                        fast().andThen(c -> c.dependsOn("hazelcast", "metrics")))
                .component("shop-db", () -> db = ShopDatabase.open(data.resolve("shop.db"),
                                settings().catalogue().products(), settings().limits().stockPerProduct()),
                        () -> db.close(), () -> Health.healthy(db.staleTokens() + " stale tokens refused"),
                        fast().andThen(c -> c.dependsOn("config")))
                .component("catalogue", this::startCatalogue, () -> catalogue.close(), this::catalogueHealth,
                        fast().andThen(c -> c.dependsOn("hazelcast", "shop-db", "config", "metrics")))
                .component("events", this::startEvents, () -> streams.close(), this::eventsHealth,
                        fast().andThen(c -> c.dependsOn("metrics")))
                .component("inventory", () -> { }, locks::clear,
                        () -> Health.healthy(lockAcquisitions.get() + " fenced reservations, highest token "
                                + highestToken.get()), fast().andThen(c -> c.dependsOn("coordination", "shop-db")))
                .component("payments", () -> { }, () -> { },
                        () -> Health.healthy(paymentCalls.get() + " calls, " + paymentFailures.get()
                                + " simulated timeouts"), fast().andThen(c -> c.dependsOn("shop-db", "config")))
                // stops after the parts that change what it reports (orders, workflow, reconciler) and
                // before the parts it reads (events, shop-db, catalogue, coordination): it takes the summary
                .component("summary", () -> { }, this::takeSummary,
                        () -> Health.healthy(summary == null ? "taken when the parts that change it have stopped"
                                : "taken"),
                        fast().andThen(c -> c.dependsOn("events", "inventory", "payments", "catalogue", "shop-db",
                                "coordination", "config", "metrics")))
                .component("workflow", this::startWorkflow, this::stopWorkflow,
                        () -> Health.healthy(engine.inFlight() + " in flight"),
                        fast().andThen(c -> c.dependsOn("events", "inventory", "payments", "catalogue", "metrics",
                                "summary")))
                .component("reconciler", this::startReconciler, this::stopReconciler, this::reconcilerHealth,
                        fast().andThen(c -> c.dependsOn("coordination", "shop-db", "config", "summary")))
                .component("orders", this::startGenerator, () -> generator.close(), this::ordersHealth,
                        fast().andThen(c -> c.dependsOn("workflow", "catalogue", "events", "config", "summary")))
                .component("http", () -> http = StatusServer.start(this, options.port()), () -> http.close(),
                        () -> Health.healthy("http://" + http.address()),
                        c -> c.dependsOn("metrics").healthCheck(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .listener(t -> {
                    if (t.to() == Stage.RUNNING && t.from() == Stage.STARTING || t.to() == Stage.STOPPED
                            || t.to() == Stage.FAILED) {
                        out.printf("[lifecycle]    %-12s %s -> %s%s%n", t.component(), t.from(), t.to(),
                                t.cause() == null ? "" : " (" + t.cause() + ")");
                    }
                    if (t.component().equals("metrics") && (t.to() == Stage.STOPPED || t.to() == Stage.FAILED)
                            && t.from() == Stage.STOPPING) {
                        finish(); // every part has stopped (metrics stops last: all depend on it)
                    }
                })
                .meterRegistry(registry)
                .shutdownBudget(Duration.ofSeconds(25))
                .exitZeroOnSigterm()
                .build();
    }

    /**
     * Options of every part but metrics and http: health checked every second, and started after (so stopped
     * before) the HTTP server, which thus shows the whole start on the status page and answers the probes
     * (readiness DOWN) until every part has stopped.
     */
    private static java.util.function.Consumer<dev.foundation.lifecycle.ComponentOptions> fast() {
        return c -> c.healthCheck(Duration.ofSeconds(1), Duration.ofSeconds(1)).dependsOn("http");
    }

    /** Order latency p95 above which, for 10 s, the dashboard's alert fires. */
    static final double LATENCY_ALERT_SECONDS = 2.0;

    private void startDashboard() {
        Gauge.builder("showcase.orders.backlog", this, Showcase::backlog)
                .description("orders placed but not finished: not yet started by the trigger, or running")
                .register(registry);
        dashboard = Dashboard.start(registry, Duration.ofSeconds(1), LATENCY_ALERT_SECONDS,
                () -> settings().limits().maxBacklog());
    }

    private void startConfig() throws IOException {
        Path file = options.dataDir().resolve("showcase.yml");
        if (!Files.exists(file)) {
            try (InputStream in = Showcase.class.getResourceAsStream("/showcase/showcase.yml")) {
                if (in == null) {
                    throw new IllegalStateException("showcase/showcase.yml is missing from the class path");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ConfigHandle<ShowcaseConfig> handle = FoundationConfig.builder(ShowcaseConfig.class).prefix("showcase")
                .file(file).environment().systemProperties().watch(true).pollInterval(Duration.ofMillis(500))
                .meterRegistry(registry).build();
        handle.subscribe(this::onConfigChange);
        config = handle;
    }

    private void onConfigChange(ConfigChange<ShowcaseConfig> change) {
        out.println("[config]       applied v" + change.version() + ": " + change.changes());
        List<String> skus = new ArrayList<>();
        for (KeyChange k : change.changes()) {
            if (k.key().startsWith("showcase.catalogue.prices.")) {
                skus.add(k.key().substring("showcase.catalogue.prices.".length()));
            } else if (k.key().equals("showcase.catalogue.basePriceCents")) {
                for (int i = 0; i < settings().catalogue().products(); i++) {
                    skus.add(Catalogue.sku(i));
                }
            }
        }
        LoadingTieredCache<String, Product> cache = catalogue;
        if (!skus.isEmpty() && cache != null) {
            cache.invalidateAll(skus);
            out.println("[cache]        prices changed: invalidated " + skus.size() + " product(s) in L1, L2 and L3");
        }
    }

    private Health configHealth() {
        return config.lastError().map(e -> Health.degraded("last edit rejected, serving v"
                + config.snapshot().version())).orElseGet(() -> Health.healthy("v" + config.snapshot().version()));
    }

    /** Prints a rejected edit once (the module has no listener for rejections, so the main loop polls). */
    void reportConfigRejection() {
        ConfigHandle<ShowcaseConfig> handle = config;
        if (handle == null) {
            return;
        }
        ConfigException error = handle.lastError().orElse(null);
        if (error != null && lastSeenConfigError.getAndSet(error) != error) {
            configRejections.increment();
            out.println("[config]       REJECTED edit of " + options.dataDir().resolve("showcase.yml")
                    + ", still serving v" + handle.snapshot().version() + ":\n    "
                    + error.getMessage().replace("\n", "\n    "));
        }
    }

    private void startHazelcast() {
        hazelcast = HazelcastMembers.embedded(EmbeddedMemberConfig.builder()
                .clusterName("showcase-" + UUID.randomUUID()).bindAddress("127.0.0.1")
                .property("hazelcast.shutdownhook.enabled", "false") // the lifecycle stops it, in order
                .build());
    }

    private void startCatalogue() {
        catalogue = TieredCache.<String, Product>builder("catalogue")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.json(Product.class))
                .l1(L1.maximumSize(40))                                        // the hot products
                .l2(L2.disk(options.dataDir().resolve("cache")).maximumBytes(DataSize.ofKilobytes(12)))
                .l3(L3.hazelcast(hazelcast))                                   // the whole catalogue
                .meterRegistry(registry)
                .build(sku -> new Product(sku, db.productName(sku), price(sku)));
    }

    private long price(String sku) {
        ShowcaseConfig.Catalogue c = settings().catalogue();
        Integer override = c.prices().get(sku);
        return override != null ? override : c.basePriceCents();
    }

    private Health catalogueHealth() {
        CacheStats<String> s = catalogue.stats();
        String detail = String.format("hit rate %.3f, L3 breaker %s", rate(s.hits(), s.misses()), s.l3CircuitState());
        return "CLOSED".equals(s.l3CircuitState()) ? Health.healthy(detail) : Health.degraded(detail);
    }

    private void startEvents() throws InterruptedException {
        streams = EventStreams.builder().meterRegistry(registry).build();
        orders = streams.create("orders", StreamSpec.of(OrderEvent.class)
                .partitions(8).partitionBy(OrderEvent::customer)
                .persistence(Persistence.disk(options.dataDir().resolve("events"))));
        revenue = orders.projection("revenue-per-customer", Revenue.EMPTY, Revenue::apply);
        List<Long> projectionOffsets = revenue.offsets();
        long projectionRevenue = revenue.state().totalCents();
        long events = orders.stats().endOffsets().stream().mapToLong(Long::longValue).sum();
        // read the log once to learn which orders were already placed
        BitSet placed = new BitSet();
        long[] counts = new long[2];
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        orders.asPublisher(PublisherSpec.REPLAY).subscribe(new Flow.Subscriber<Event<OrderEvent>>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Event<OrderEvent> e) {
                if (e.value().isPlaced()) {
                    placed.set(e.value().seq());
                    counts[0]++;
                } else {
                    counts[1]++;
                }
            }

            @Override
            public void onError(Throwable t) {
                failure.set(t);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reading the orders log took more than 60 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not read the orders log", failure.get());
        }
        recovery = new Recovery(events, counts[0], counts[1], projectionOffsets, projectionRevenue, 0, 0, placed);
    }

    private Health eventsHealth() {
        long lag = projectionLag();
        String detail = "orders: " + endOffset() + " events, projection lag " + lag;
        return lag > 5_000 ? Health.degraded(detail) : Health.healthy(detail);
    }

    long endOffset() {
        return orders.stats().endOffsets().stream().mapToLong(Long::longValue).sum();
    }

    long projectionLag() {
        List<Long> end = orders.stats().endOffsets();
        List<Long> at = revenue.offsets();
        long lag = 0;
        for (int i = 0; i < end.size(); i++) {
            lag += end.get(i) - (i < at.size() ? at.get(i) : 0);
        }
        return lag;
    }

    // ----------------------------------------------------------------------------------------- the saga

    private WorkflowDefinition<OrderEvent> fulfilment() {
        int attempts = settings().payment().maxAttempts();
        return Workflow.define(WORKFLOW, OrderEvent.class).version(1)
                .step("reserve", ctx -> {
                    OrderEvent o = ctx.input();
                    if (o.totalCents() > settings().limits().maxOrderCents()) {
                        throw new NonRetryableException("order " + o.orderId() + " total " + o.totalCents()
                                + " is above limits.maxOrderCents " + settings().limits().maxOrderCents());
                    }
                    try (LockLease lease = lock(o.sku())) {
                        return db.reserve(ctx.idempotencyKey(), o, lease.fencingToken());
                    }
                }, s -> s.retry(Retry.exponential(Duration.ofMillis(10), 2.0, 5))
                        .compensateWith(c -> {
                            OrderEvent o = c.input();
                            try (LockLease lease = lock(o.sku())) {
                                db.release(c.output("reserve", String.class), lease.fencingToken(), o.sku());
                            }
                            latency("compensated", o);
                        }))
                .step("charge", ctx -> {
                    OrderEvent o = ctx.input();
                    paymentCalls.incrementAndGet();
                    double failureRate = settings().payment().failureRate();
                    if (Catalogue.chance(o.orderId(), "pay", ctx.attempt()) < failureRate) {
                        paymentFailures.incrementAndGet();
                        throw new IllegalStateException("payment gateway timeout (simulated, failureRate "
                                + failureRate + ")");
                    }
                    db.charge(ctx.idempotencyKey(), o);
                    return new Payment(ctx.idempotencyKey(), o.totalCents());
                }, s -> s.after("reserve").retry(Retry.exponential(Duration.ofMillis(5), 2.0, attempts))
                        .timeout(Duration.ofSeconds(5))
                        .compensateWith(c -> db.refund(c.stepIdempotencyKey()))) // charged or not: refund by key
                .step("ship", ctx -> {
                    OrderEvent o = ctx.input();
                    if (Catalogue.chance(o.orderId(), "ship", 0) < settings().shipping().failureRate()) {
                        throw new NonRetryableException("carrier refused " + o.orderId() + ": address undeliverable"
                                + " (simulated)");
                    }
                    String tracking = db.ship(ctx.idempotencyKey(), o);
                    orders.publish(o.completed()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    latency("completed", o);
                    return tracking;
                }, s -> s.after("charge").retry(Retry.exponential(Duration.ofMillis(10), 2.0, 3)))
                .build();
    }

    private LockLease lock(String sku) {
        LockLease lease = locks.computeIfAbsent(sku, k -> coordination.lock("inventory:" + k))
                .acquire(Duration.ofSeconds(10), Duration.ofSeconds(5));
        lockAcquisitions.incrementAndGet();
        highestToken.accumulateAndGet(lease.fencingToken(), Math::max);
        return lease;
    }

    private void latency(String outcome, OrderEvent o) {
        long millis = Math.max(0, System.currentTimeMillis() - o.placedAtMillis());
        if (o.placedAtMillis() >= System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)) {
            latenciesMillis.add(millis); // orders placed by this run only: resumed ones would count the downtime
        }
        Timer.builder("showcase.order.latency").tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(Duration.ofMillis(millis));
    }

    private void startWorkflow() {
        EventTrigger<OrderEvent> trigger = EventTrigger.from(orders, TRIGGER)
                .filter(OrderEvent::isPlaced)
                .start(WORKFLOW, e -> e)
                .idempotencyKey(ev -> "order:" + ev.value().orderId())
                .build();
        engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(options.dataDir().resolve("workflows.db")))
                .register(fulfilment()).trigger(trigger).meterRegistry(registry).build();
        Map<Status, Long> counts = statusCounts();
        long unfinished = counts.getOrDefault(Status.RUNNING, 0L) + counts.getOrDefault(Status.COMPENSATING, 0L);
        long known = counts.values().stream().mapToLong(Long::longValue).sum();
        Recovery r = recovery;
        recovery = new Recovery(r.events(), r.placedEvents(), r.completedEvents(), r.projectionOffsets(),
                r.projectionRevenueCents(), unfinished, known, r.placedSeqs());
    }

    private void stopWorkflow() {
        workflowStopped = true;
        engine.close();
    }

    /** Instances per status, counted by the store (no listing: the status page asks several times a second). */
    Map<Status, Long> statusCounts() {
        Query all = Query.all().name(WORKFLOW);
        if (!workflowStopped) {
            return engine.countByStatus(all);
        }
        WorkflowStore store = WorkflowStores.sqlite(options.dataDir().resolve("workflows.db"));
        try {
            store.initialize();
            return store.countByStatus(all);
        } finally {
            store.close();
        }
    }

    /** Every instance: from the engine while it runs, from its store (opened again) once it has stopped. */
    List<InstanceInfo> allInstances() {
        if (!workflowStopped) {
            return allInstances(engine::query);
        }
        WorkflowStore store = WorkflowStores.sqlite(options.dataDir().resolve("workflows.db"));
        try {
            store.initialize();
            return allInstances(store::query);
        } finally {
            store.close();
        }
    }

    private static List<InstanceInfo> allInstances(java.util.function.Function<Query, List<InstanceInfo>> query) {
        List<InstanceInfo> all = new ArrayList<>();
        Query q = Query.all().name(WORKFLOW).limit(10_000);
        while (true) {
            List<InstanceInfo> page = query.apply(q);
            all.addAll(page);
            if (page.size() < q.limit()) {
                return all;
            }
            q = q.nextPage();
        }
    }

    long retries() {
        return (long) registry.find("foundation.workflow.step.attempts").tag("outcome", "retry").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    // -------------------------------------------------------------------------------------- coordination

    private void startReconciler() {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "showcase-reconciler");
            t.setDaemon(true);
            return t;
        });
        long every = settings().reconcileInterval().toMillis();
        for (int i = 0; i < 2; i++) {   // two candidates: only the one elected reconciles
            LeaderElection election = coordination.election(ELECTION, new LeadershipListener() {
                @Override
                public void elected(Leadership l) {
                    leader.set(l);
                    lastLeader = l;
                    out.println("[coordination] " + shortId(l.leaderId()) + " elected leader of '" + ELECTION + "' (term "
                            + l.term() + "): it alone runs the reconciliation");
                }

                @Override
                public void revoked(Leadership l) {
                    leader.compareAndSet(l, null);
                    out.println("[coordination] " + shortId(l.leaderId()) + " lost leadership of term " + l.term());
                }
            });
            synchronized (candidates) {
                candidates.add(election);
            }
            candidateIds.add(election.candidateId());
            timer.scheduleWithFixedDelay(() -> reconcileIfLeader(election), every, every, TimeUnit.MILLISECONDS);
        }
        reconcileTimer = timer;
    }

    private void reconcileIfLeader(LeaderElection election) {
        try {
            if (!election.isLeader()) {
                return;
            }
            Leadership l = election.currentLeader().orElse(null);
            if (l == null || !l.leaderId().equals(election.candidateId())) {
                return;
            }
            ShopDatabase.Reconciliation r = db.reconcile(election.candidateId(), l.term());
            reconciliationsBy.computeIfAbsent(election.candidateId(), k -> new AtomicLong()).incrementAndGet();
            if (!r.ok()) {
                out.println("[reconcile]    " + r.stockMismatches() + " stock mismatches found by " + r.leader());
            }
        } catch (Exception e) {
            out.println("[reconcile]    skipped: " + e.getMessage());
        }
    }

    private void stopReconciler() throws InterruptedException {
        reconcileTimer.shutdownNow();
        reconcileTimer.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (candidates) {
            candidates.forEach(LeaderElection::close);
            candidates.clear();
        }
    }

    private Health reconcilerHealth() {
        Leadership l = leader.get();
        return l == null ? Health.degraded("no leader elected") : Health.healthy("leader " + shortId(l.leaderId())
                + " (term " + l.term() + "), reconciliations " + reconciliations().entrySet().stream()
                .map(e -> shortId(e.getKey()) + "=" + e.getValue()).toList());
    }

    Leadership leader() {
        return leader.get();
    }

    /** The leader now, or the last one elected in this run (after the reconciler stopped, for the summary). */
    Leadership lastLeader() {
        Leadership l = leader.get();
        return l != null ? l : lastLeader;
    }

    // ---------------------------------------------------------------------------------------- the orders

    private void startGenerator() {
        generator = new OrderGenerator(this, recovery.placedSeqs(), options.serve() ? Integer.MAX_VALUE : options.orders(),
                this::backlog);
        generator.start();
    }

    /**
     * Orders placed but not finished: events the workflow trigger has not consumed yet (placed orders without a
     * workflow, and the completion events between them) plus workflows running now. The generator keeps it
     * below {@code limits.maxBacklog}.
     */
    long backlog() {
        return notStarted() + running();
    }

    /** Events of the {@code orders} stream the workflow trigger has not consumed yet. */
    long notStarted() {
        return (long) registry.find("foundation.events.lag").tag("subscription", TRIGGER).gauges()
                .stream().mapToDouble(g -> Math.max(0, g.value())).filter(v -> !Double.isNaN(v)).sum();
    }

    /** Workflows this engine runs now. */
    long running() {
        WorkflowEngine e = engine;
        return e == null || workflowStopped ? 0 : e.inFlight();
    }

    private Health ordersHealth() {
        OrderGenerator g = generator;
        String detail = g.placedThisRun() + " placed this run, backlog " + backlog() + " of at most "
                + settings().limits().maxBacklog() + (g.waitingForCapacity() ? ", waiting for capacity" : "");
        return Health.healthy(detail);
    }

    /** Places order {@code seq}: reads the product through the cache, publishes PLACED. */
    CompletableFuture<Receipt> place(int seq) {
        ShowcaseConfig s = settings();
        Catalogue.Line line = Catalogue.line(seq, s.catalogue().products(), s.limits().maxQuantity());
        Product p = catalogue.get(line.sku());
        OrderEvent e = new OrderEvent(OrderEvent.PLACED, OrderEvent.orderId(seq), seq, line.customer(), line.sku(),
                line.quantity(), p.priceCents(), p.priceCents() * line.quantity(), System.currentTimeMillis());
        return orders.publish(e).toCompletableFuture();
    }

    // ------------------------------------------------------------------------------------------ the run

    int run() throws Exception {
        Path data = options.dataDir();
        Files.createDirectories(data);
        out.println("[showcase]     data directory " + data.toAbsolutePath()
                + (Files.exists(data.resolve("workflows.db")) ? " (resuming)" : " (new)"));
        configRejections = Counter.builder("showcase.config.rejections").register(registry);
        lifecycle = buildLifecycle();
        lifecycle.start();
        Recovery r = recovery;
        out.println("[showcase]     status page http://" + http.address() + "/   metrics http://" + http.address()
                + "/metrics   probes http://" + http.address() + "/health/ready");
        out.println("[showcase]     settings " + data.resolve("showcase.yml").toAbsolutePath()
                + " (watched: edit it while this runs)");
        if (r.events() == 0) {
            out.println("[recovery]     nothing to recover: a fresh data directory");
        } else {
            out.println("[recovery]     orders stream: " + r.events() + " events on disk (" + r.placedEvents()
                    + " placed, " + r.completedEvents() + " completed); projection 'revenue-per-customer' resumed at"
                    + " offset " + r.projectionOffset() + " " + r.projectionOffsets() + " with "
                    + money(r.projectionRevenueCents()) + "; workflows: " + r.knownWorkflows() + " known, "
                    + r.unfinishedWorkflows() + " unfinished (resumed from their checkpoints)");
        }
        int target = options.serve() ? -1 : options.orders();
        out.println("[orders]       " + (options.serve() ? "placing orders until stopped (Ctrl-C)"
                : "target " + target + " orders: " + r.placedSeqs().cardinality() + " already placed, "
                + Math.max(0, target - r.placedSeqs().get(1, target + 1).cardinality()) + " to place"));
        long nextProgress = System.nanoTime();
        while (true) {
            if (lifecycle.health().shuttingDown()) {
                awaitShutdown(); // Ctrl-C or SIGTERM: the lifecycle's hook prints the summary and stops the parts
            }
            reportConfigRejection();
            if (System.nanoTime() >= nextProgress) {
                progress();
                nextProgress = System.nanoTime() + settings().progressInterval().toNanos();
            }
            if (!options.serve() && generator.finished() && allFinished(target)) {
                break;
            }
            if (generator.failure() != null) {
                throw new IllegalStateException("the order generator failed", generator.failure());
            }
            Thread.sleep(100);
        }
        revenue.awaitCaughtUp(Duration.ofSeconds(30));
        progress();
        out.println("[lifecycle]    stopping in reverse dependency order");
        lifecycle.close();
        finish();
        out.println("[showcase]     done in " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis() + " ms");
        return 0;
    }

    /** Serve mode: waits for the signal; the lifecycle's hook prints the summary. */
    void awaitShutdown() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    private boolean allFinished(int target) {
        Map<Status, Long> counts = statusCounts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long open = counts.getOrDefault(Status.RUNNING, 0L) + counts.getOrDefault(Status.COMPENSATING, 0L);
        return total >= target && open == 0;
    }

    private void progress() {
        Map<Status, Long> c = statusCounts();
        CacheStats<String> cs = catalogue.stats();
        long notStarted = notStarted();
        long running = running();
        out.printf("[progress]     placed %d%s | backlog %d/%d (%d not started, %d running)%s | completed %d,"
                        + " compensated %d, failed %d, running %d | retries %d | cache hit %.0f%% | projection lag %d"
                        + " | %s%n",
                generator.placedTotal(), options.serve() ? "" : "/" + options.orders(), notStarted + running,
                settings().limits().maxBacklog(), notStarted, running,
                generator.waitingForCapacity() ? " waiting for capacity" : "",
                c.getOrDefault(Status.COMPLETED, 0L), c.getOrDefault(Status.COMPENSATED, 0L),
                c.getOrDefault(Status.FAILED, 0L),
                c.getOrDefault(Status.RUNNING, 0L) + c.getOrDefault(Status.COMPENSATING, 0L), retries(),
                rate(cs.hits(), cs.misses()) * 100, projectionLag(), leader.get() == null ? "no leader" : "leader term "
                        + leader.get().term());
    }

    /**
     * The summary component's stop action: the order generator, the workflow engine and the reconciler have
     * stopped (they depend on it), so nothing changes the counts any more; the projection catches up with the
     * last events and the summary is taken, to be printed once every part has stopped.
     */
    private void takeSummary() throws Exception {
        if (engine == null || generator == null) {
            return; // the start failed before the parts it reports on ran
        }
        revenue.awaitCaughtUp(Duration.ofSeconds(10));
        summary = Summary.of(this);
    }

    /** Prints the summary and writes summary.json, once (after every part has stopped). */
    void finish() {
        Summary s = summary;
        if (s == null || !summaryWritten.compareAndSet(false, true)) {
            return;
        }
        try {
            s.print(out);
            Files.writeString(options.dataDir().resolve("summary.json"), json.writeValueAsString(s.toJson()));
            out.println("[showcase]     summary written to " + options.dataDir().resolve("summary.json"));
        } catch (Exception e) {
            out.println("[showcase]     could not write the summary: " + e);
        }
    }

    // ------------------------------------------------------------------------------- read by the others

    ShowcaseOptions options() {
        return options;
    }

    Recovery recovery() {
        return recovery;
    }

    HealthReport health() {
        return lifecycle.health();
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    ConfigHandle<ShowcaseConfig> configHandle() {
        return config;
    }

    LoadingTieredCache<String, Product> catalogue() {
        return catalogue;
    }

    Projection<Revenue> revenue() {
        return revenue;
    }

    EventStream<OrderEvent> orders() {
        return orders;
    }

    Dashboard dashboard() {
        return dashboard;
    }

    OrderGenerator generator() {
        return generator;
    }

    ShopDatabase db() {
        return db;
    }

    WorkflowEngine engine() {
        return engine;
    }

    List<Long> latenciesMillis() {
        return new ArrayList<>(latenciesMillis);
    }

    Map<String, Long> reconciliations() {
        Map<String, Long> m = new TreeMap<>();
        candidateIds.forEach(id -> m.put(id, 0L)); // the standby shows up with 0, also once they have stopped
        reconciliationsBy.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    long paymentCalls() {
        return paymentCalls.get();
    }

    long paymentFailures() {
        return paymentFailures.get();
    }

    long lockAcquisitions() {
        return lockAcquisitions.get();
    }

    long highestToken() {
        return highestToken.get();
    }

    static Map<String, Object> tierJson(CacheStats<String> stats) {
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            TierStats ts = stats.tiers().get(t);
            if (ts != null) {
                tiers.put(t.name(), Map.of("hits", ts.hits(), "misses", ts.misses(), "evictions", ts.evictions(),
                        "hitRate", rate(ts.hits(), ts.misses())));
            }
        }
        return tiers;
    }

    static List<Map<String, Object>> componentsJson(HealthReport report) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ComponentHealth c : report.components()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("stage", c.stage().name());
            m.put("status", c.status().name());
            m.put("dependsOn", c.dependencies());
            m.put("detail", c.detail());
            m.put("lastError", c.lastError());
            m.put("restarts", c.restarts());
            list.add(m);
        }
        return list;
    }

    /** A hit rate that is 0, not NaN, before the first request. */
    static double rate(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    /** A candidate id with its member's UUID cut to 8 characters, for printing. */
    static String shortId(String id) {
        return id.replaceFirst("^([0-9a-f]{8})[0-9a-f-]{28}", "$1");
    }

    static String money(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }

    static Set<Status> terminal() {
        return Set.of(Status.COMPLETED, Status.COMPENSATED, Status.FAILED, Status.CANCELLED);
    }
}

package dev.foundation.examples.showcase;

import dev.foundation.analytics.Aggregate;
import dev.foundation.analytics.AlertEvent;
import dev.foundation.analytics.AlertRule;
import dev.foundation.analytics.Analytics;
import dev.foundation.analytics.Anomaly;
import dev.foundation.analytics.Detectors;
import dev.foundation.analytics.MeterSelector;
import dev.foundation.analytics.PipelineResult;
import dev.foundation.analytics.Window;
import dev.foundation.lifecycle.Health;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The showcase's analytics: an {@link Analytics} engine over the application's meter registry with three
 * pipelines (order latency avg/p95, workflow throughput, order backlog), an anomaly detector on the latency and
 * two alert rules; it keeps the last {@value #POINTS} results of each series and the last {@value #EVENTS}
 * anomalies and alert events for the status page's charts.
 */
final class Dashboard implements AutoCloseable {

    static final int POINTS = 120;
    static final int EVENTS = 20;
    static final String LATENCY = "order-latency";
    static final String THROUGHPUT = "workflow-throughput";
    static final String BACKLOG = "order-backlog";

    private final Analytics analytics;
    private final Map<String, PipelineView> views = new LinkedHashMap<>();
    private final Deque<Anomaly> anomalies = new ArrayDeque<>();
    private final Deque<AlertEvent> alerts = new ArrayDeque<>();
    private final List<AlertRule> rules = new ArrayList<>();

    /** One pipeline as the page draws it: per series and aggregate, the recent values. */
    private record PipelineView(String description, List<Aggregate> aggregates,
                                Map<String, Map<Aggregate, Deque<double[]>>> points) {
    }

    private Dashboard(MeterRegistry registry, Duration resolution, double latencyAlertSeconds, LongSupplier maxBacklog) {
        analytics = Analytics.builder(registry).resolution(resolution).build();
        AlertRule slow = AlertRule.builder("order-latency-p95").aggregate(Aggregate.P95).above(latencyAlertSeconds)
                .forAtLeast(Duration.ofSeconds(10)).build();
        AlertRule full = AlertRule.builder("backlog-at-limit").aggregate(Aggregate.MIN)
                .condition("at limits.maxBacklog", v -> v >= maxBacklog.getAsLong() - 1)
                .forAtLeast(Duration.ofSeconds(10)).build();
        rules.add(slow);
        rules.add(full);
        view(LATENCY, "showcase.order.latency{outcome=completed}, sliding 30 s, seconds",
                Aggregate.AVG, Aggregate.P95);
        analytics.pipeline(LATENCY)
                .select(MeterSelector.name("showcase.order.latency").tag("outcome", "completed"))
                .window(Window.sliding(Duration.ofSeconds(30)))
                .aggregates(Aggregate.AVG, Aggregate.P95)
                .publishAs("showcase.analytics.order.latency")
                .onResult(this::record)
                .detect(Aggregate.AVG, Detectors.ewmaZScore(0.2, 4.0, 20), this::anomaly)
                .alert(slow, this::alert)
                .start();
        view(THROUGHPUT, "foundation.workflow.instances.ended by status, sliding 10 s, per second",
                Aggregate.RATE);
        analytics.pipeline(THROUGHPUT)
                .select(MeterSelector.name("foundation.workflow.instances.ended"))
                .window(Window.sliding(Duration.ofSeconds(10)))
                .aggregates(Aggregate.RATE)
                .publishAs("showcase.analytics.workflow.throughput")
                .onResult(this::record)
                .start();
        view(BACKLOG, "showcase.orders.backlog, sliding 10 s, orders", Aggregate.MAX, Aggregate.MIN);
        analytics.pipeline(BACKLOG)
                .select(MeterSelector.name("showcase.orders.backlog"))
                .window(Window.sliding(Duration.ofSeconds(10)))
                .aggregates(Aggregate.MAX, Aggregate.MIN)
                .onResult(this::record)
                .alert(full, this::alert)
                .start();
        analytics.start();
    }

    /**
     * Builds and starts the engine.
     *
     * @param registry            the showcase's registry
     * @param resolution          how often analytics ticks
     * @param latencyAlertSeconds the order latency p95 above which (for 10 s) the alert fires
     * @param maxBacklog          the current {@code limits.maxBacklog}
     * @return the running dashboard
     */
    static Dashboard start(MeterRegistry registry, Duration resolution, double latencyAlertSeconds,
                           LongSupplier maxBacklog) {
        return new Dashboard(registry, resolution, latencyAlertSeconds, maxBacklog);
    }

    private void view(String pipeline, String description, Aggregate... aggregates) {
        views.put(pipeline, new PipelineView(description, List.of(aggregates), new LinkedHashMap<>()));
    }

    private synchronized void record(PipelineResult r) {
        PipelineView v = views.get(r.pipeline());
        Map<Aggregate, Deque<double[]>> bySeries = v.points().computeIfAbsent(r.series().toString(),
                k -> new LinkedHashMap<>());
        for (Aggregate a : v.aggregates()) {
            Deque<double[]> d = bySeries.computeIfAbsent(a, k -> new ArrayDeque<>());
            d.addLast(new double[] {r.windowEnd().toEpochMilli(), r.value(a)});
            while (d.size() > POINTS) {
                d.removeFirst();
            }
        }
    }

    private synchronized void anomaly(Anomaly a) {
        anomalies.addLast(a);
        while (anomalies.size() > EVENTS) {
            anomalies.removeFirst();
        }
    }

    private synchronized void alert(AlertEvent e) {
        alerts.addLast(e);
        while (alerts.size() > EVENTS) {
            alerts.removeFirst();
        }
    }

    /** DEGRADED while an alert fires. */
    Health health() {
        List<AlertEvent> firing = analytics.firingAlerts();
        return firing.isEmpty() ? Health.healthy(views.size() + " pipelines, no alert firing")
                : Health.degraded("firing: " + firing.stream().map(AlertEvent::rule).distinct().toList());
    }

    /** The pipelines' recent and latest results, recent anomalies, alert rules, firing and recent alerts. */
    synchronized Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resolutionMillis", analytics.resolution().toMillis());
        List<Map<String, Object>> pipelines = new ArrayList<>();
        views.forEach((name, v) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("description", v.description());
            p.put("aggregates", v.aggregates().stream().map(Aggregate::name).toList());
            List<Map<String, Object>> series = new ArrayList<>();
            v.points().forEach((s, byAggregate) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("series", s);
                Map<String, Object> latest = new LinkedHashMap<>();
                Map<String, Object> points = new LinkedHashMap<>();
                byAggregate.forEach((a, d) -> {
                    latest.put(a.name(), d.isEmpty() ? null : number(d.peekLast()[1]));
                    List<List<Object>> list = new ArrayList<>(d.size());
                    for (double[] point : d) {
                        list.add(java.util.Arrays.asList((long) point[0], number(point[1])));
                    }
                    points.put(a.name(), list);
                });
                one.put("latest", latest);
                one.put("points", points);
                series.add(one);
            });
            p.put("series", series);
            pipelines.add(p);
        });
        m.put("pipelines", pipelines);
        List<Map<String, Object>> a = new ArrayList<>();
        for (Anomaly x : anomalies) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("pipeline", x.pipeline());
            one.put("series", x.series().toString());
            one.put("aggregate", x.aggregate().name());
            one.put("detector", x.detector());
            one.put("at", x.at().toEpochMilli());
            one.put("value", number(x.value()));
            one.put("expected", number(x.expected()));
            one.put("score", number(x.score()));
            a.add(one);
        }
        m.put("anomalies", a);
        List<Map<String, Object>> r = new ArrayList<>();
        for (AlertRule rule : rules) {
            r.add(Map.of("name", rule.name(), "aggregate", rule.aggregate().name(), "condition", rule.condition(),
                    "forAtLeastMillis", rule.forAtLeast().toMillis()));
        }
        m.put("rules", r);
        m.put("firing", analytics.firingAlerts().stream().map(Dashboard::alertJson).toList());
        m.put("alerts", alerts.stream().map(Dashboard::alertJson).toList());
        return m;
    }

    private static Map<String, Object> alertJson(AlertEvent e) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("rule", e.rule());
        one.put("pipeline", e.pipeline());
        one.put("series", e.series().toString());
        one.put("condition", e.condition());
        one.put("state", e.state().name());
        one.put("value", number(e.value()));
        one.put("since", e.since().toEpochMilli());
        one.put("at", e.at().toEpochMilli());
        return one;
    }

    /** NaN and infinities are not JSON numbers: null. */
    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public void close() {
        analytics.close();
    }
}

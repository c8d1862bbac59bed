package dev.foundation.examples.showcase;

import dev.foundation.cache.CacheStats;
import dev.foundation.cache.Tier;
import dev.foundation.cache.TierStats;
import dev.foundation.coordination.Leadership;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Status;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run summary: taken once the parts that change it have stopped, printed as a table and written
 * as {@code summary.json}.
 */
final class Summary {

    /** Width of the label column. */
    static final int LABEL = 24;
    /** Width of the value column: fits the longest row with 6-digit counts; longer values wrap. */
    static final int VALUE = 74;

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private List<String> lines = List.of();

    private Summary() {
    }

    static Summary of(Showcase app) throws Exception {
        Summary s = new Summary();
        List<InstanceInfo> instances = app.allInstances();
        Map<Status, Long> byStatus = new EnumMap<>(Status.class);
        Map<String, String> orderStatus = new TreeMap<>();
        for (InstanceInfo i : instances) {
            byStatus.merge(i.status(), 1L, Long::sum);
            orderStatus.put(i.idempotencyKey().replaceFirst("^order:", ""), i.status().name());
        }
        Revenue revenue = app.revenue().state();
        CacheStats<String> cache = app.catalogue().stats();
        ShopDatabase.Books books = app.db().books();
        List<Long> latencies = app.latenciesMillis();
        Collections.sort(latencies);
        Leadership leader = app.lastLeader();
        Showcase.Recovery r = app.recovery();

        s.json.put("dataDir", app.options().dataDir().toString());
        s.json.put("ordersTarget", app.options().serve() ? null : app.options().orders());
        s.json.put("ordersPlaced", app.generator().placedTotal());
        s.json.put("ordersPlacedThisRun", app.generator().placedThisRun());
        long placed = app.generator().placedTotal();
        long withWorkflow = instances.size();
        s.json.put("ordersWithoutWorkflow", Math.max(0, placed - withWorkflow));
        s.json.put("backpressure", Map.of("maxBacklog", app.settings().limits().maxBacklog(),
                "capacityWaits", app.generator().capacityWaits(),
                "capacityWaitMillis", app.generator().capacityWaitMillis()));
        s.json.put("recovered", Map.of("events", r.events(), "placedEvents", r.placedEvents(),
                "completedEvents", r.completedEvents(), "projectionOffset", r.projectionOffset(),
                "projectionRevenueCents", r.projectionRevenueCents(), "unfinishedWorkflows", r.unfinishedWorkflows(),
                "knownWorkflows", r.knownWorkflows()));
        s.json.put("events", app.endOffset());
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(k.name(), v));
        s.json.put("workflows", statuses);
        s.json.put("workflowRetriesThisRun", app.retries());
        s.json.put("paymentCallsThisRun", app.paymentCalls());
        s.json.put("paymentFailuresThisRun", app.paymentFailures());
        s.json.put("fencedReservationsThisRun", app.lockAcquisitions());
        s.json.put("highestFencingToken", app.highestToken());
        s.json.put("staleTokensRefused", app.db().staleTokens());
        s.json.put("cache", Map.of("hitRate", Showcase.rate(cache.hits(), cache.misses()), "tiers", Showcase.tierJson(cache),
                "databaseLoadsThisRun", app.db().productLoads()));
        s.json.put("leader", leader == null ? null : Map.of("id", leader.leaderId(), "term", leader.term()));
        s.json.put("reconciliationsThisRun", app.reconciliations());
        s.json.put("reconciliationsTotal", books.reconciliations());
        s.json.put("revenue", Map.of("totalCents", revenue.totalCents(), "orders", revenue.orders().size(),
                "byCustomer", revenue.byCustomer(), "projectionOffsets", app.revenue().offsets()));
        s.json.put("books", Map.of("chargedOrders", books.chargedOrders(), "chargedCents", books.chargedCents(),
                "refundedOrders", books.refundedOrders(), "shipments", books.shipments()));
        long p50 = percentile(latencies, 0.50);
        long p99 = percentile(latencies, 0.99);
        s.json.put("latencyMillis", Map.of("count", latencies.size(), "p50", p50, "p99", p99));
        s.json.put("orders", orderStatus);

        s.row("orders placed", placed + " (" + app.generator().placedThisRun() + " this run), "
                + withWorkflow + " with a workflow, " + Math.max(0, placed - withWorkflow) + " without");
        s.row("back-pressure", "backlog at most " + app.settings().limits().maxBacklog() + "; generator waited "
                + app.generator().capacityWaits() + " times, " + app.generator().capacityWaitMillis() + " ms");
        s.row("workflows", "completed " + byStatus.getOrDefault(Status.COMPLETED, 0L) + ", compensated "
                + byStatus.getOrDefault(Status.COMPENSATED, 0L) + ", failed " + byStatus.getOrDefault(Status.FAILED, 0L)
                + ", running " + (byStatus.getOrDefault(Status.RUNNING, 0L)
                + byStatus.getOrDefault(Status.COMPENSATING, 0L)));
        s.row("step retries (this run)", app.retries() + " (payment gateway timeouts " + app.paymentFailures()
                + " of " + app.paymentCalls() + " calls)");
        StringBuilder tiers = new StringBuilder();
        for (Tier t : Tier.values()) {
            TierStats ts = cache.tiers().get(t);
            if (ts != null) {
                tiers.append(String.format("%s %.0f%% (%d/%d)  ", t, Showcase.rate(ts.hits(), ts.misses()) * 100, ts.hits(),
                        ts.hits() + ts.misses()));
            }
        }
        s.row("cache hit rate per tier", tiers.toString().trim());
        s.row("cache overall", String.format("%.1f%%, %d database loads this run", Showcase.rate(cache.hits(), cache.misses()) * 100,
                app.db().productLoads()));
        s.row("leader", leader == null ? "none" : Showcase.shortId(leader.leaderId()) + " (term " + leader.term()
                + ")");
        StringBuilder recon = new StringBuilder();
        app.reconciliations().forEach((id, n) -> recon.append(Showcase.shortId(id)).append(' ').append(n).append("  "));
        s.row("reconciliations by", recon.toString().trim());
        s.row("inventory locks", app.lockAcquisitions() + " fenced writes, " + app.db().staleTokens()
                + " stale tokens refused");
        s.row("revenue (projection)", Showcase.money(revenue.totalCents()) + " from " + revenue.orders().size()
                + " orders at offset " + app.revenue().offsets().stream().mapToLong(Long::longValue).sum());
        s.row("payments kept (shop.db)", Showcase.money(books.chargedCents()) + " from " + books.chargedOrders()
                + " orders, " + books.refundedOrders() + " refunded");
        int rank = 1;
        for (Map.Entry<String, Long> e : revenue.top(5)) {
            s.row(rank++ == 1 ? "revenue top 5" : "", e.getKey() + "  " + Showcase.money(e.getValue()));
        }
        s.row("order latency (this run)", latencies.isEmpty() ? "no order finished in this run"
                : "p50 " + p50 + " ms, p99 " + p99 + " ms over " + latencies.size() + " orders");
        s.lines = box("showcase summary", s.rows);
        return s;
    }

    private void row(String label, String value) {
        rows.add(new String[] {label, value});
    }

    /**
     * A table of label/value rows in a box of fixed width; a value longer than {@link #VALUE} wraps at spaces
     * onto continuation rows (a word longer than the column is cut).
     */
    static List<String> box(String title, List<String[]> rows) {
        int inner = LABEL + VALUE + 5;
        String t = " " + title + " ";
        int left = (inner - t.length()) / 2;
        List<String> out = new ArrayList<>();
        out.add("+" + "-".repeat(left) + t + "-".repeat(inner - left - t.length()) + "+");
        for (String[] r : rows) {
            String label = r[0];
            for (String part : wrap(r[1], VALUE)) {
                out.add(String.format("| %-" + LABEL + "s | %-" + VALUE + "s |", label, part));
                label = "";
            }
        }
        out.add("+" + "-".repeat(inner) + "+");
        return out;
    }

    private static List<String> wrap(String value, int width) {
        List<String> parts = new ArrayList<>();
        String rest = value;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    void print(PrintStream out) {
        lines.forEach(out::println);
    }

    Map<String, Object> toJson() {
        return json;
    }
}

package dev.foundation.analytics.internal;

import dev.foundation.analytics.Aggregate;
import dev.foundation.analytics.AlertEvent;
import dev.foundation.analytics.Anomaly;
import dev.foundation.analytics.Detector;
import dev.foundation.analytics.MeterSelector;
import dev.foundation.analytics.Pipeline;
import dev.foundation.analytics.PipelineResult;
import dev.foundation.analytics.PipelineSpec;
import dev.foundation.analytics.Series;
import dev.foundation.analytics.Window;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running pipeline: one ring, smoother, detectors and alert states per selected meter. Guarded by the engine's lock. */
final class DefaultPipeline implements Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultPipeline.class);
    private static final int EVIDENCE = 32;

    private final PipelineSpec spec;
    private final DefaultAnalytics owner;
    private final long resolutionMillis;
    private final int windowTicks;
    private final int capacity;
    private final Aggregate[] aggregates;
    private final boolean percentiles;
    private final Map<Meter.Id, SeriesState> series = new LinkedHashMap<>();
    private long lastTick = Long.MIN_VALUE;
    private long lastBoundary = Long.MIN_VALUE;
    private long firstTick = Long.MIN_VALUE;
    private boolean closed;

    DefaultPipeline(PipelineSpec spec, DefaultAnalytics owner, long resolutionMillis) {
        this.spec = spec;
        this.owner = owner;
        this.resolutionMillis = resolutionMillis;
        this.windowTicks = ticks("window", spec.window().size());
        this.capacity = ticks("retain", spec.retain());
        this.aggregates = spec.aggregates().toArray(new Aggregate[0]);
        boolean p = false;
        for (Aggregate a : aggregates) {
            p |= !Double.isNaN(a.percentile());
        }
        this.percentiles = p;
    }

    private int ticks(String what, Duration span) {
        long millis = span.toMillis();
        if (millis % resolutionMillis != 0) {
            throw new IllegalArgumentException("pipeline '" + spec.name() + "': " + what + " " + span
                    + " must be a whole number of ticks of " + Duration.ofMillis(resolutionMillis));
        }
        long n = millis / resolutionMillis;
        if (n > 1_000_000) {
            throw new IllegalArgumentException("pipeline '" + spec.name() + "': " + what + " " + span + " is " + n
                    + " ticks; at most 1,000,000 (use a coarser resolution)");
        }
        return (int) n;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public MeterSelector selector() {
        return spec.selector();
    }

    @Override
    public Window window() {
        return spec.window();
    }

    @Override
    public Set<Aggregate> aggregates() {
        return spec.aggregates();
    }

    String outputName() {
        return spec.outputName();
    }

    int seriesCount() {
        return series.size();
    }

    /** One tick: track new meters, drop gone ones, sample, and compute the window if one ends here. */
    void tick(long tick, List<Meter> meters, Set<String> excluded) {
        Set<Meter.Id> present = new HashSet<>();
        for (Meter m : meters) {
            Meter.Id id = m.getId();
            if (excluded.contains(id.getName()) || !spec.selector().matches(id)) {
                continue;
            }
            present.add(id);
            series.computeIfAbsent(id, k -> new SeriesState(m));
        }
        for (Iterator<Map.Entry<Meter.Id, SeriesState>> it = series.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Meter.Id, SeriesState> e = it.next();
            if (!present.contains(e.getKey())) {
                e.getValue().removeGauges();
                it.remove();
            }
        }
        for (SeriesState s : series.values()) {
            s.sampler.sample(tick, s.ring);
        }
        lastTick = tick;
        if (firstTick == Long.MIN_VALUE) {
            firstTick = tick;
        }
        long boundary = tick;
        if (spec.window().isTumbling()) {
            boundary = Math.floorDiv(tick, (long) windowTicks) * windowTicks; // the newest span that ended by now
            // a span is reported once, and only if the pipeline saw it whole: counters and timers need the tick before
            // the span's first interval as their baseline
            if (boundary == lastBoundary || boundary - windowTicks < firstTick) {
                return;
            }
        }
        lastBoundary = boundary;
        double seconds = windowTicks * resolutionMillis / 1000.0;
        Instant start = Instant.ofEpochMilli((boundary - windowTicks) * resolutionMillis);
        Instant end = Instant.ofEpochMilli(boundary * resolutionMillis);
        for (SeriesState s : series.values()) {
            s.emit(boundary, seconds, start, end);
        }
    }

    @Override
    public List<PipelineResult> latest() {
        synchronized (owner.lock) {
            List<PipelineResult> out = new ArrayList<>();
            for (SeriesState s : series.values()) {
                if (s.latest != null) {
                    out.add(s.latest);
                }
            }
            return out;
        }
    }

    /** The latest value of an aggregate per series, for budgets (raw, not smoothed). */
    List<Double> latestValues(Aggregate aggregate) {
        List<Double> out = new ArrayList<>();
        for (SeriesState s : series.values()) {
            if (s.latest != null) {
                out.add(s.latest.value(aggregate));
            }
        }
        return out;
    }

    @Override
    public Map<Series, Double> query(Aggregate aggregate, Duration span) {
        java.util.Objects.requireNonNull(aggregate, "aggregate");
        java.util.Objects.requireNonNull(span, "span");
        if (span.isNegative() || span.isZero() || span.toMillis() % resolutionMillis != 0) {
            throw new IllegalArgumentException("span must be a positive whole number of ticks of "
                    + Duration.ofMillis(resolutionMillis) + " but was " + span);
        }
        long n = span.toMillis() / resolutionMillis;
        if (n > capacity) {
            throw new IllegalArgumentException("span must be at most what pipeline '" + spec.name() + "' retains ("
                    + Duration.ofMillis(capacity * resolutionMillis) + ") but was " + span + "; set retain(...)");
        }
        synchronized (owner.lock) {
            Map<Series, Double> out = new LinkedHashMap<>();
            for (SeriesState s : series.values()) {
                out.put(s.series, lastTick == Long.MIN_VALUE ? Double.NaN
                        : s.ring.aggregate(aggregate, lastTick - n, lastTick, n * resolutionMillis / 1000.0));
            }
            return out;
        }
    }

    /** Alerts firing now in this pipeline. */
    void firing(List<AlertEvent> out) {
        for (SeriesState s : series.values()) {
            for (AlertState a : s.alerts) {
                if (a.firing != null) {
                    out.add(a.firing);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (owner.lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (SeriesState s : series.values()) {
                s.removeGauges();
            }
            series.clear();
            owner.removed(this);
        }
    }

    /** Queues a listener call: the engine runs it after the tick, once its lock is released. */
    private void tell(String what, Consumer<? super Object> listener, Object event) {
        owner.post(() -> {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("{} listener failed on {}; the pipeline goes on", what, event, e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> Consumer<? super Object> erase(Consumer<T> c) {
        return (Consumer<? super Object>) (Consumer<?>) c;
    }

    /** One selected meter. */
    private final class SeriesState {
        final Series series;
        final MeterSampler sampler;
        final WindowRing ring;
        final double[] smoothed = new double[Aggregate.values().length];
        volatile double[] published = new double[Aggregate.values().length];
        final List<Meter> gauges = new ArrayList<>();
        final List<DetectorState> detectors = new ArrayList<>();
        final List<AlertState> alerts = new ArrayList<>();
        PipelineResult latest;

        SeriesState(Meter meter) {
            this.series = Series.of(meter.getId());
            this.sampler = new MeterSampler(meter, percentiles);
            this.ring = new WindowRing(sampler.kind(), capacity);
            java.util.Arrays.fill(smoothed, Double.NaN);
            double[] p = new double[Aggregate.values().length];
            java.util.Arrays.fill(p, Double.NaN);
            this.published = p;
            for (PipelineSpec.DetectorBinding d : spec.detectors()) {
                detectors.add(new DetectorState(d));
            }
            for (PipelineSpec.AlertBinding a : spec.alerts()) {
                alerts.add(new AlertState(a));
            }
            if (spec.outputName() != null) {
                for (Aggregate a : aggregates) {
                    Tags tags = Tags.of(meter.getId().getTagsAsIterable())
                            .and("source", series.name(), "aggregate", a.name().toLowerCase(Locale.ROOT));
                    int index = a.ordinal();
                    gauges.add(Gauge.builder(spec.outputName(), this, st -> st.published[index]).tags(tags)
                            .description("pipeline " + spec.name() + ": " + a + " over " + spec.window())
                            .strongReference(true).register(owner.registry));
                }
            }
        }

        void emit(long boundary, double seconds, Instant start, Instant end) {
            Map<Aggregate, Double> values = new EnumMap<>(Aggregate.class);
            Map<Aggregate, Double> smooth = new EnumMap<>(Aggregate.class);
            double[] next = published.clone();
            for (Aggregate a : aggregates) {
                double v = ring.aggregate(a, boundary - windowTicks, boundary, seconds);
                values.put(a, v);
                int i = a.ordinal();
                if (Double.isNaN(spec.alpha())) {
                    smoothed[i] = v;
                } else if (!Double.isNaN(v)) {
                    smoothed[i] = Double.isNaN(smoothed[i]) ? v : spec.alpha() * v + (1 - spec.alpha()) * smoothed[i];
                }
                smooth.put(a, smoothed[i]);
                next[i] = smoothed[i];
            }
            published = next;
            latest = new PipelineResult(spec.name(), series, start, end, values, smooth);
            for (Consumer<PipelineResult> l : spec.listeners()) {
                tell("result", erase(l), latest);
            }
            for (DetectorState d : detectors) {
                d.observe(latest);
            }
            for (AlertState a : alerts) {
                a.observe(latest);
            }
        }

        void removeGauges() {
            for (Meter g : gauges) {
                owner.registry.remove(g);
            }
            gauges.clear();
        }
    }

    /** One detector on one series, with the evidence it shows. */
    private final class DetectorState {
        final PipelineSpec.DetectorBinding binding;
        final Detector detector;
        final ArrayDeque<Double> evidence = new ArrayDeque<>();

        DetectorState(PipelineSpec.DetectorBinding binding) {
            this.binding = binding;
            this.detector = binding.spec().create();
        }

        void observe(PipelineResult r) {
            double v = r.value(binding.aggregate());
            if (Double.isNaN(v)) {
                return;
            }
            if (evidence.size() == EVIDENCE) {
                evidence.removeFirst();
            }
            evidence.addLast(v);
            Detector.Verdict verdict = detector.observe(v);
            if (verdict.anomalous()) {
                Anomaly anomaly = new Anomaly(spec.name(), r.series(), binding.aggregate(), binding.spec().name(),
                        r.windowEnd(), v, verdict.expected(), verdict.score(), new ArrayList<>(evidence));
                owner.anomaly(anomaly);
                tell("anomaly", erase(binding.listener()), anomaly);
            }
        }
    }

    /** One alert rule on one series. */
    private final class AlertState {
        final PipelineSpec.AlertBinding binding;
        Instant since;
        AlertEvent firing;

        AlertState(PipelineSpec.AlertBinding binding) {
            this.binding = binding;
        }

        void observe(PipelineResult r) {
            var rule = binding.rule();
            double v = rule.smoothed() ? r.smoothedValue(rule.aggregate()) : r.value(rule.aggregate());
            if (rule.holds(v)) {
                if (since == null) {
                    since = r.windowEnd();
                }
                if (firing == null && !r.windowEnd().isBefore(since.plus(rule.forAtLeast()))) {
                    firing = event(r, AlertEvent.State.FIRING, v);
                    tell("alert", erase(binding.listener()), firing);
                }
            } else {
                if (firing != null) {
                    AlertEvent resolved = event(r, AlertEvent.State.RESOLVED, v);
                    firing = null;
                    tell("alert", erase(binding.listener()), resolved);
                }
                since = null;
            }
        }

        private AlertEvent event(PipelineResult r, AlertEvent.State state, double v) {
            var rule = binding.rule();
            return new AlertEvent(rule.name(), spec.name(), r.series(), rule.aggregate(), rule.condition(), state, v,
                    since, r.windowEnd());
        }
    }
}

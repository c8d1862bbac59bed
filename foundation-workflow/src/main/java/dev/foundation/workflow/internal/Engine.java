package dev.foundation.workflow.internal;

import dev.foundation.events.Event;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.Subscription;
import dev.foundation.workflow.EventTrigger;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.ScheduleTrigger;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.UnknownWorkflowException;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowException;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.ClusterOptions;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowTimeoutException;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.WorkflowStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine: definitions, running instances, threads, timers and triggers. */
public final class Engine implements WorkflowEngine, RunHost, RunRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration RELOAD_DELAY = Duration.ofSeconds(1);

    /**
     * What the builder hands over.
     *
     * @param store             the store
     * @param definitions       the registered definitions
     * @param schedules         the schedule triggers
     * @param eventTriggers     the event triggers
     * @param meterRegistry     the registry, or {@code null}
     * @param clock             the clock
     * @param parallelism       the step threads
     * @param timerPollInterval how often timers are compared with the clock
     * @param cluster           cluster mode, or {@code null} for a single engine on its store
     */
    public record Config(WorkflowStore store, List<WorkflowDefinition<?>> definitions,
                         List<ScheduleTrigger> schedules, List<EventTrigger<?>> eventTriggers,
                         MeterRegistry meterRegistry, Clock clock, int parallelism,
                         Duration timerPollInterval, ClusterOptions cluster) {
    }

    private final WorkflowStore store;
    private final Clock clock;
    private final Map<String, NavigableMap<Integer, WorkflowDefinition<?>>> definitions = new HashMap<>();
    private final Map<String, InstanceRun<?>> runs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Timers timers;
    private final RetryPlans retries = new RetryPlans();
    private final EngineMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Config config;
    private final List<ScheduleRunner> scheduleRunners = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** Where instances run: this engine alone ({@link LocalPlacement}) or a node of a cluster. */
    private final Placement placement;

    private Engine(Config config) {
        this.config = config;
        this.store = config.store();
        this.clock = config.clock();
        for (WorkflowDefinition<?> d : config.definitions()) {
            definitions.computeIfAbsent(d.name(), k -> new TreeMap<>()).put(d.version(), d);
        }
        this.executor = new ThreadPoolExecutor(config.parallelism(), config.parallelism(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("foundation-workflow-step-"));
        this.executor.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("foundation-workflow-timer-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.timers = new Timers(clock, scheduler, executor);
        this.metrics = new EngineMetrics(config.meterRegistry(), runs::size);
        this.placement = config.cluster() == null ? new LocalPlacement(this, store)
                : ClusterPlacement.of(this, store, config.cluster());
    }

    /**
     * Builds and starts an engine: opens the store, resumes unfinished instances, starts triggers.
     *
     * @param config the configuration
     * @return the running engine
     */
    public static Engine start(Config config) {
        Objects.requireNonNull(config, "config");
        for (ScheduleTrigger t : config.schedules()) {
            if (config.definitions().stream().noneMatch(d -> d.name().equals(t.workflow()))) {
                throw new UnknownWorkflowException("schedule trigger '" + t.name() + "' starts workflow '"
                        + t.workflow() + "', which is not registered");
            }
        }
        for (EventTrigger<?> t : config.eventTriggers()) {
            if (config.definitions().stream().noneMatch(d -> d.name().equals(t.workflow()))) {
                throw new UnknownWorkflowException("event trigger '" + t.name() + "' starts workflow '"
                        + t.workflow() + "', which is not registered");
            }
        }
        Engine e;
        try {
            e = new Engine(config);
        } catch (RuntimeException ex) {
            config.store().close();
            throw ex;
        }
        try {
            e.open();
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void open() {
        store.initialize();
        long poll = config.timerPollInterval().toNanos();
        scheduler.scheduleWithFixedDelay(timers::fireDue, poll, poll, TimeUnit.NANOSECONDS);
        placement.open();
        for (ScheduleTrigger t : config.schedules()) {
            ScheduleRunner r = new ScheduleRunner(this, t);
            scheduleRunners.add(r);
            r.start();
        }
        for (EventTrigger<?> t : config.eventTriggers()) {
            subscriptions.add(subscribe(t));
        }
    }

    /** A single engine on its store: resumes every unfinished instance (after checking their definitions). */
    @Override
    public void resumeUnfinished() {
        List<StoredInstance> unfinished = store.unfinishedInstances();
        refuseChangedDefinitions(unfinished);
        if (!unfinished.isEmpty()) {
            LOG.info("resuming {} unfinished workflow instance(s)", unfinished.size());
        }
        for (StoredInstance si : unfinished) {
            resume(si, 0);
        }
    }

    /**
     * Single engine: refuses to open when unfinished instances started with another definition of a version that
     * is registered now (steps or dependencies changed without a version bump), before anything runs.
     */
    private void refuseChangedDefinitions(List<StoredInstance> unfinished) {
        Map<String, List<String>> changed = new TreeMap<>();
        for (StoredInstance si : unfinished) {
            String why = definitionChange(si);
            if (why != null) {
                changed.computeIfAbsent(why, k -> new ArrayList<>()).add(si.id());
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder("refusing to resume instances whose definition changed without a"
                + " version bump: ");
        changed.forEach((why, ids) -> msg.append(why).append(" (").append(ids.size()).append(" instance")
                .append(ids.size() == 1 ? "" : "s").append(", e.g. ").append(ids.get(0)).append("); "));
        msg.append("register the changed definition under a new version (instances keep the version they started"
                + " with) and keep registering the old definition under the old version until its instances end");
        throw new dev.foundation.workflow.WorkflowDefinitionException(msg.toString());
    }

    /** Why an instance cannot resume with the registered definition of its version, or {@code null}. */
    private String definitionChange(StoredInstance si) {
        NavigableMap<Integer, WorkflowDefinition<?>> versions = definitions.get(si.workflow());
        WorkflowDefinition<?> def = versions == null ? null : versions.get(si.version());
        if (def == null || si.fingerprint() == null || si.fingerprint().equals(def.fingerprint())) {
            return null; // an unregistered version fails on its own; no fingerprint: stored by an older engine
        }
        return "workflow '" + si.workflow() + "' version " + si.version() + " is registered with steps "
                + def.topologicalOrder() + " whose fingerprint " + def.fingerprint() + " differs from the one its"
                + " instances started with (" + si.fingerprint() + "): its steps or dependencies changed; bump the"
                + " version";
    }

    private <E> Subscription subscribe(EventTrigger<E> t) {
        SubscriberSpec<E> spec = SubscriberSpec.<E>builder()
                .filter(t.filter())
                .startFrom(t.startFrom())
                .retry(t.retry())
                .handler(batch -> {
                    for (Event<E> ev : batch) {
                        // start() returns after the instance is stored; only then may the offset be committed
                        String key = t.idempotencyKey().apply(ev);
                        try {
                            start(t.workflow(), t.input().apply(ev.value()), key);
                        } catch (RuntimeException ex) {
                            LOG.warn("event trigger '{}': event {}:{}:{} did not start workflow '{}': {}", t.name(),
                                    ev.stream(), ev.partition(), ev.offset(), t.workflow(), ex.toString());
                            throw ex;
                        }
                    }
                })
                .build();
        return t.stream().subscribe(t.name(), spec);
    }

    // ------------------------------------------------------------------ accessors for runs

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Timers timers() {
        return timers;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public RetryPlans retries() {
        return retries;
    }

    @Override
    public EngineMetrics metrics() {
        return metrics;
    }

    @Override
    public WorkflowStore store() {
        return store;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    // ------------------------------------------------------------------ starting and resuming

    @Override
    public WorkflowHandle start(String workflow, Object input) {
        return start(workflow, input, UUID.randomUUID().toString());
    }

    @Override
    public WorkflowHandle start(String workflow, Object input, String idempotencyKey) {
        return join(startAsync(workflow, input, idempotencyKey), "start workflow '" + workflow + "' with key '"
                + idempotencyKey + "'");
    }

    @Override
    public <I> WorkflowHandle start(WorkflowDefinition<I> definition, I input, String idempotencyKey) {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        ensureOpen();
        NavigableMap<Integer, WorkflowDefinition<?>> versions = definitions.get(definition.name());
        WorkflowDefinition<?> registered = versions == null ? null : versions.get(definition.version());
        if (registered == null) {
            throw new UnknownWorkflowException("workflow '" + definition.name() + "' version " + definition.version()
                    + " is not registered with this engine (registered versions: "
                    + (versions == null ? "none" : versions.keySet()) + "): register the definition first");
        }
        if (registered != definition && !registered.fingerprint().equals(definition.fingerprint())) {
            throw new IllegalArgumentException("definition must be the one registered as workflow '"
                    + definition.name() + "' version " + definition.version() + " but its steps differ (steps "
                    + definition.topologicalOrder() + ", registered " + registered.topologicalOrder() + ")");
        }
        if (input == null) {
            throw new IllegalArgumentException("input must not be null but was null for workflow '"
                    + definition.name() + "' (key '" + idempotencyKey + "')");
        }
        return join(startTyped(registered, input, idempotencyKey), "start workflow '" + definition.name()
                + "' version " + definition.version() + " with key '" + idempotencyKey + "'");
    }

    @Override
    public CompletableFuture<WorkflowHandle> startAsync(String workflow, Object input, String idempotencyKey) {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        ensureOpen();
        NavigableMap<Integer, WorkflowDefinition<?>> versions = definitions.get(workflow);
        if (versions == null) {
            throw new UnknownWorkflowException("no workflow named '" + workflow + "' is registered (registered: "
                    + new TreeMap<>(definitions).keySet() + ")");
        }
        if (input == null) {
            throw new IllegalArgumentException("input must not be null but was null for workflow '" + workflow
                    + "' (key '" + idempotencyKey + "'): pass the value its steps read with ctx.input(), encoded"
                    + " with " + versions.lastEntry().getValue().inputCodec().name());
        }
        return startTyped(versions.lastEntry().getValue(), input, idempotencyKey);
    }

    private <I> CompletableFuture<WorkflowHandle> startTyped(WorkflowDefinition<I> def, Object input, String key) {
        I typed;
        byte[] bytes;
        try {
            typed = cast(def, input);
            bytes = def.inputCodec().encode(typed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("input for workflow '" + def.name() + "' cannot be encoded with "
                    + def.inputCodec().name() + ": " + e.getMessage(), e);
        }
        Instant now = now();
        String id = UUID.randomUUID().toString();
        Instant deadline = def.timeout() == null ? null : now.plus(def.timeout());
        NewInstance created = new NewInstance(id, def.name(), def.version(), key, bytes, now, deadline,
                def.fingerprint());
        if (!placement.runsNewInstancesHere()) {
            return placement.create(created, List.of(), false).thenApply(si -> {
                if (si.id().equals(id)) {
                    metrics.started(def.name());
                }
                return new Handle(si.id(), si.idempotencyKey());
            });
        }
        InstanceRun<I> run = new InstanceRun<>(this, def, id, key, now, deadline, typed, Status.RUNNING,
                placement.initialEpoch());
        InstanceRun.Tx first = run.prepareStart(); // its first steps start in the creating transaction
        return placement.create(created, first.writes, true)
                .thenApply(si -> {
                    if (!si.id().equals(id)) {
                        return new Handle(si.id(), si.idempotencyKey()); // the key existed: run discarded
                    }
                    metrics.started(def.name());
                    runs.put(id, run);
                    if (closed.get()) {
                        runs.remove(id, run);
                        return new Handle(id, key); // stored: the next engine on this store runs it
                    }
                    afterCommit(run, first.after);
                    return new Handle(id, key);
                });
    }

    @SuppressWarnings("unchecked") // checked against the codec's behaviour: a wrong type fails encode()
    private static <I> I cast(WorkflowDefinition<I> def, Object input) {
        return (I) input;
    }

    /** Cluster mode: runs an instance this node just claimed under {@code epoch}. */
    @Override
    public void resumeOwned(StoredInstance si, long epoch) {
        if (closed.get()) {
            return;
        }
        resume(si, epoch);
    }

    private void resume(StoredInstance si, long epoch) {
        NavigableMap<Integer, WorkflowDefinition<?>> versions = definitions.get(si.workflow());
        WorkflowDefinition<?> def = versions == null ? null : versions.get(si.version());
        if (def == null) {
            String why = versions == null
                    ? "no workflow named '" + si.workflow() + "' is registered with this engine"
                    : "workflow '" + si.workflow() + "' version " + si.version() + " is not registered (registered"
                    + " versions: " + versions.keySet() + ")";
            failUnresumable(si, epoch, why + "; the instance cannot resume: register that version to run it");
            return;
        }
        String changed = definitionChange(si);
        if (changed != null) { // a reload or a claim in cluster mode: this instance only
            failUnresumable(si, epoch, changed + "; the instance cannot resume with it");
            return;
        }
        resumeTyped(def, si, epoch);
    }

    private <I> void resumeTyped(WorkflowDefinition<I> def, StoredInstance si, long epoch) {
        I input;
        try {
            input = def.inputCodec().decode(si.input());
        } catch (RuntimeException e) {
            failUnresumable(si, epoch, "the stored input does not decode with " + def.inputCodec().name() + ": "
                    + e.getMessage());
            return;
        }
        InstanceRun<I> run = new InstanceRun<>(this, def, si.id(), si.idempotencyKey(), si.createdAt(),
                si.deadline(), input, si.status(), epoch);
        run.restore(store.steps(si.id()), si.cancelRequested(), si.error());
        if (placement.adopt(run)) {
            run.kick();
        }
    }

    private void failUnresumable(StoredInstance si, long epoch, String why) {
        LOG.error("workflow instance {} ({} v{}) failed: {}", si.id(), si.workflow(), si.version(), why);
        List<Checkpoint> fail = List.of(new Checkpoint.StatusChanged(si.id(), Status.FAILED, why, now()));
        try {
            join(placement.write(si.id(), epoch, fail),
                    "fail instance " + si.id());
            metrics.ended(si.workflow(), Status.FAILED);
        } catch (WorkflowException e) {
            LOG.error("could not record the failure of instance {}", si.id(), e);
        }
    }

    // ------------------------------------------------------------------ execution plumbing

    @Override
    public void execute(InstanceRun<?> run, InstanceRun.Attempt attempt) {
        if (closed.get()) {
            return;
        }
        executor.execute(() -> run.run(attempt));
    }

    /** Writes a run's checkpoints; completes with whether they were committed (a failure is handled here). */
    @Override
    public CompletableFuture<Boolean> write(InstanceRun<?> run, List<Checkpoint> writes, List<Runnable> after) {
        return placement.write(run.id, run.epoch, writes).handle((v, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                placement.writeFailed(run, cause);
                return false;
            }
            afterCommit(run, after);
            return true;
        });
    }

    /**
     * Whether an attempt of {@code run} may start now: always on a single engine; in cluster mode only while
     * the local lease deadline of the instance has not passed (else this node stops running it).
     */
    @Override
    public boolean mayStart(InstanceRun<?> run) {
        return placement.mayStart(run);
    }

    /** The epochs of the instances this engine runs now (all 0 on a single engine). */
    @Override
    public Map<String, Long> ownedEpochs() {
        Map<String, Long> out = new HashMap<>();
        for (InstanceRun<?> r : runs.values()) {
            out.put(r.id, r.epoch);
        }
        return out;
    }

    /** The run of an instance, if this engine runs it now. */
    @Override
    public InstanceRun<?> run(String id) {
        return runs.get(id);
    }

    /** Registers a run, replacing (and returning) one of the same instance. */
    @Override
    public InstanceRun<?> putRun(InstanceRun<?> run) {
        return runs.put(run.id, run);
    }

    /** Registers a run unless the instance already has one; whether it was registered. */
    @Override
    public boolean putRunIfAbsent(InstanceRun<?> run) {
        return runs.putIfAbsent(run.id, run) == null;
    }

    /** Unregisters a run (if it is still the instance's). */
    @Override
    public void removeRun(InstanceRun<?> run) {
        runs.remove(run.id, run);
    }

    /**
     * The engine could not record an attempt's result (an {@link Error} such as {@link OutOfMemoryError} while
     * doing it): the run is dropped and the instance reloaded from the store, where that attempt is still
     * running, so it runs again (single engine); in cluster mode its lease is released for any node to resume.
     */
    @Override
    public void abandon(InstanceRun<?> run, Throwable error) {
        try {
            LOG.error("instance {}: recording an attempt's result failed; the instance is reloaded from the store",
                    run.id, error);
        } catch (Throwable ignored) { // logging itself may fail when the heap is exhausted
            // the reload below still happens
        }
        placement.abandoned(run, error);
    }

    @Override
    public void afterCommit(InstanceRun<?> run, List<Runnable> after) {
        runAfterCommit(run, after);
        placement.afterCommit(run);
    }

    private void runAfterCommit(InstanceRun<?> run, List<Runnable> after) {
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RejectedExecutionException e) {
                if (!closed.get()) {
                    LOG.error("instance {}: engine rejected work", run.id, e);
                }
            } catch (RuntimeException e) {
                LOG.error("instance {}: post-commit action failed", run.id, e);
            }
        }
    }

    /** Single engine: drops a run whose write failed and reloads its instance from the store a moment later. */
    @Override
    public void reload(InstanceRun<?> run, Throwable error) {
        if (!run.detach()) {
            return;
        }
        runs.remove(run.id, run);
        if (closed.get()) {
            return;
        }
        LOG.error("instance {}: checkpoint failed, reloading it from the store in {}", run.id, RELOAD_DELAY, error);
        scheduleReload(run.id);
    }

    private void scheduleReload(String id) {
        try {
            scheduler.schedule(() -> {
                try {
                    if (closed.get() || runs.containsKey(id)) {
                        return;
                    }
                    store.instance(id).filter(si -> !si.status().isTerminal()).ifPresent(si -> resume(si, 0));
                } catch (RuntimeException e) {
                    LOG.error("instance {}: reload failed, retrying in {}", id, RELOAD_DELAY, e);
                    scheduleReload(id);
                }
            }, RELOAD_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("engine closed before instance {} could be reloaded", id);
        }
    }

    @Override
    public void ended(InstanceRun<?> run, InstanceInfo info) {
        runs.remove(run.id, run);
        placement.ended(run);
        metrics.ended(info.workflow(), info.status());
        run.done.complete(info);
    }

    // ------------------------------------------------------------------ queries and handles

    @Override
    public Optional<WorkflowHandle> instance(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        ensureOpen();
        return store.instance(instanceId).map(si -> new Handle(si.id(), si.idempotencyKey()));
    }

    @Override
    public List<InstanceInfo> query(Query query) {
        Objects.requireNonNull(query, "query");
        ensureOpen();
        return store.query(query);
    }

    @Override
    public Map<Status, Long> countByStatus(Query query) {
        Objects.requireNonNull(query, "query");
        ensureOpen();
        return store.countByStatus(query);
    }

    @Override
    public int parallelism() {
        return executor.getMaximumPoolSize();
    }

    @Override
    public void setParallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 but was " + threads);
        }
        ensureOpen();
        synchronized (executor) {
            // ThreadPoolExecutor refuses core > max at every step: grow the maximum first, shrink the core first
            if (threads >= executor.getMaximumPoolSize()) {
                executor.setMaximumPoolSize(threads);
                executor.setCorePoolSize(threads);
            } else {
                executor.setCorePoolSize(threads);
                executor.setMaximumPoolSize(threads);
            }
        }
        LOG.info("workflow engine: step parallelism now {}", threads);
    }

    @Override
    public List<StepAttempt> history(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        ensureOpen();
        return store.history(instanceId);
    }

    @Override
    public int inFlight() {
        return runs.size();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("workflow engine is closed");
        }
    }

    private static <T> T join(CompletableFuture<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof WorkflowException we) {
                throw we;
            }
            throw new WorkflowStoreException("cannot " + what + ": " + c.getMessage(), c);
        }
    }

    private final class Handle implements WorkflowHandle {
        private final String id;
        private final String key;

        Handle(String id, String key) {
            this.id = id;
            this.key = key;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String idempotencyKey() {
            return key;
        }

        @Override
        public InstanceInfo info() {
            StoredInstance si = store.instance(id).orElseThrow(() -> new WorkflowException("instance " + id
                    + " is not in the store"));
            return new InstanceInfo(si.id(), si.workflow(), si.version(), si.idempotencyKey(), si.status(),
                    si.createdAt(), si.updatedAt(), si.error());
        }

        @Override
        public InstanceInfo result(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            long deadline = System.nanoTime() + timeout.toNanos();
            InstanceRun<?> run = runs.get(id);
            if (run != null) {
                try {
                    run.done.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
                    return info();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WorkflowException("interrupted while waiting for instance " + id, e);
                } catch (ExecutionException e) {
                    throw new WorkflowException("instance " + id + " ended abnormally", e.getCause());
                } catch (TimeoutException e) {
                    throw timeout(timeout);
                }
            }
            while (true) { // not run by this engine right now (ended, or being reloaded): watch the store
                InstanceInfo info = info();
                if (info.status().isTerminal()) {
                    return info;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw timeout(timeout);
                }
                InstanceRun<?> again = runs.get(id);
                if (again != null) {
                    return result(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                if (Thread.currentThread().isInterrupted()) {
                    throw new WorkflowException("interrupted while waiting for instance " + id);
                }
            }
        }

        private WorkflowTimeoutException timeout(Duration timeout) {
            return new WorkflowTimeoutException("instance " + id + " (key '" + key + "') did not end within "
                    + timeout + "; it is still " + info().status());
        }

        @Override
        public <T> Optional<T> output(String step, Class<T> type) {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(type, "type");
            Optional<byte[]> bytes = store.output(id, step);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            WorkflowDefinition<?> def = store.instance(id).map(si -> {
                NavigableMap<Integer, WorkflowDefinition<?>> versions = definitions.get(si.workflow());
                return versions == null ? null : versions.get(si.version());
            }).orElse(null);
            return Optional.of(InstanceRun.decodeOutput(def, step, bytes.get(), type));
        }

        @Override
        public List<StepAttempt> history() {
            return store.history(id);
        }

        @Override
        public boolean cancel() {
            InstanceRun<?> run = runs.get(id);
            return run != null && run.cancel();
        }

        @Override
        public String toString() {
            return "WorkflowHandle[" + id + ", key=" + key + "]";
        }
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        placement.stop();
        for (ScheduleRunner r : scheduleRunners) {
            r.stop();
        }
        for (Subscription s : subscriptions) {
            try {
                s.cancel();
            } catch (RuntimeException e) {
                LOG.warn("cancelling subscription {} failed", s.name(), e);
            }
        }
        Map<String, Long> held = ownedEpochs();
        for (InstanceRun<?> run : runs.values()) {
            run.detach("the workflow engine is closing");
        }
        scheduler.shutdownNow();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("workflow engine: step threads did not stop within 10 s (a step ignores interrupts)");
            }
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.clear();
        placement.closed(held);
        store.close();
    }

    @Override
    public String toString() {
        return "WorkflowEngine[" + store + ", definitions=" + definitions.keySet() + "]";
    }
}

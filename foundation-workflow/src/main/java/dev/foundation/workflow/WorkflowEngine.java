package dev.foundation.workflow;

import dev.foundation.workflow.internal.Engine;
import dev.foundation.workflow.spi.WorkflowStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The embedded durable workflow engine. Build one with {@link #builder()}: on {@code build()} it opens (and
 * migrates) its store and resumes every unfinished instance.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(Path.of("data/wf.db")))
 *     .register(fulfil).meterRegistry(registry).build();                // resumes unfinished instances
 * WorkflowHandle h = engine.start("fulfil-order", input, "order-1234");   // idempotency key
 * h.result(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>{@link #close()} stops every engine thread and closes the store; instances still running stay in the
 * store and resume when an engine opens it again.
 */
public interface WorkflowEngine extends AutoCloseable {

    /**
     * A new builder.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an instance of the newest registered version of a workflow, or returns the instance already
     * started with the same idempotency key (whatever its status). The input is stored before this returns
     * and before any step runs.
     *
     * @param workflow       the workflow name
     * @param input          the input, an instance of the definition's input type
     * @param idempotencyKey the key: the same key always designates the same instance
     * @return a handle on the new or existing instance
     * @throws UnknownWorkflowException if no workflow with that name is registered
     * @throws IllegalArgumentException if the input is null, has the wrong type or cannot be encoded
     * @throws WorkflowStoreException   if the store fails
     */
    WorkflowHandle start(String workflow, Object input, String idempotencyKey);

    /**
     * Starts an instance of exactly this definition, typed: its name and version must be registered with this
     * engine (the registered definition runs, so it must be the same one, or one with the same steps). Returns
     * the instance already started with the same idempotency key, if any. Unlike
     * {@link #start(String, Object, String)}, which starts the newest registered version, this starts the
     * definition's own version.
     *
     * <pre>{@code
     * WorkflowHandle h = engine.start(fulfil, new OrderInput("o-1", "sku-7", 4_200, true), "order-o-1");
     * }</pre>
     *
     * @param definition     the definition
     * @param input          the input
     * @param idempotencyKey the key: the same key always designates the same instance
     * @param <I>            the input type
     * @return a handle on the new or existing instance
     * @throws UnknownWorkflowException if that name and version is not registered
     * @throws IllegalArgumentException if the input is null or cannot be encoded, or if another definition (other
     *                                  steps) is registered under that name and version
     * @throws WorkflowStoreException   if the store fails
     */
    <I> WorkflowHandle start(WorkflowDefinition<I> definition, I input, String idempotencyKey);

    /**
     * Like {@link #start(String, Object, String)}, but returns at once: the future completes once the input
     * is stored (so many starts share one group commit). Argument errors are thrown at once.
     *
     * @param workflow       the workflow name
     * @param input          the input
     * @param idempotencyKey the key
     * @return completes with the handle after the instance is stored, or exceptionally with
     *         {@link WorkflowStoreException}
     * @throws UnknownWorkflowException if no workflow with that name is registered
     * @throws IllegalArgumentException if the input is null, has the wrong type or cannot be encoded
     */
    java.util.concurrent.CompletableFuture<WorkflowHandle> startAsync(String workflow, Object input,
                                                                       String idempotencyKey);

    /**
     * Starts an instance with a random idempotency key.
     *
     * @param workflow the workflow name
     * @param input    the input
     * @return a handle on the new instance
     * @throws UnknownWorkflowException if no workflow with that name is registered
     */
    WorkflowHandle start(String workflow, Object input);

    /**
     * A handle on an existing instance.
     *
     * @param instanceId the instance id
     * @return the handle, or empty if there is no such instance
     */
    Optional<WorkflowHandle> instance(String instanceId);

    /**
     * Instances matching a query, one page.
     *
     * @param query the query
     * @return the matching instances ordered by creation time
     */
    List<InstanceInfo> query(Query query);

    /**
     * How many instances match a query, per status, counted by the store (a dashboard's figures without
     * listing every instance). The query's filters apply; its limit and offset do not.
     *
     * @param query the filters
     * @return the count per status; statuses with no instance are absent
     */
    Map<Status, Long> countByStatus(Query query);

    /**
     * Every attempt of one instance.
     *
     * @param instanceId the instance id
     * @return the history, in start order
     */
    List<StepAttempt> history(String instanceId);

    /**
     * How many instances this engine is running now.
     *
     * @return the in-flight count
     */
    int inFlight();

    /**
     * How many threads run step bodies at most, now.
     *
     * @return the current parallelism
     */
    int parallelism();

    /**
     * Changes how many threads run step bodies at most, while the engine runs (for example from an analytics
     * {@code ScalingPolicy} whose target is {@code engine::setParallelism}). Growing takes effect for the next
     * queued step; shrinking lets running steps finish and retires threads as they become idle. Steps already
     * queued are kept.
     *
     * @param threads the new parallelism, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     * @throws IllegalStateException    if the engine is closed
     */
    void setParallelism(int threads);

    /**
     * Stops every engine thread, then closes the store. Idempotent.
     */
    @Override
    void close();

    /** Configures and builds a {@link WorkflowEngine}. */
    final class Builder {

        /** The default number of threads running steps. */
        public static final int DEFAULT_PARALLELISM = 16;
        /** The default interval at which due timers are checked against the clock. */
        public static final Duration DEFAULT_TIMER_POLL_INTERVAL = Duration.ofMillis(50);

        private WorkflowStore store;
        private final List<WorkflowDefinition<?>> definitions = new ArrayList<>();
        private final List<ScheduleTrigger> schedules = new ArrayList<>();
        private final List<EventTrigger<?>> eventTriggers = new ArrayList<>();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration timerPollInterval = DEFAULT_TIMER_POLL_INTERVAL;
        private ClusterOptions cluster;

        Builder() {
        }

        /**
         * The store (required), e.g. {@link WorkflowStores#sqlite(java.nio.file.Path)}. The engine initializes
         * and closes it.
         *
         * @param value the store
         * @return this
         */
        public Builder store(WorkflowStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Registers a definition. Several versions of one name may be registered: new instances use the
         * newest, running instances keep theirs.
         *
         * @param definition the definition
         * @return this
         * @throws IllegalArgumentException if the same name and version is already registered
         */
        public Builder register(WorkflowDefinition<?> definition) {
            Objects.requireNonNull(definition, "definition");
            for (WorkflowDefinition<?> d : definitions) {
                if (d.name().equals(definition.name()) && d.version() == definition.version()) {
                    throw new IllegalArgumentException("workflow '" + definition.name() + "' version "
                            + definition.version() + " is already registered");
                }
            }
            definitions.add(definition);
            return this;
        }

        /**
         * Starts an instance of a workflow on a schedule. Each fire time starts at most one instance (its
         * idempotency key is {@code "schedule:" + name + ":" + fireTime}); the last fire time is stored, and
         * after a restart one missed fire (the latest) is caught up.
         *
         * @param name     the trigger name, unique
         * @param schedule when to fire
         * @param workflow the workflow to start
         * @param input    makes the input from the fire time
         * @return this
         */
        public Builder schedule(String name, Schedule schedule, String workflow, Function<Instant, ?> input) {
            schedules.add(new ScheduleTrigger(name, schedule, workflow, input));
            return this;
        }

        /**
         * Starts instances from a {@code foundation-events} stream (see {@link EventTrigger}); the engine
         * subscribes after resuming unfinished instances and cancels the subscription on close.
         *
         * @param trigger the trigger
         * @return this
         */
        public Builder trigger(EventTrigger<?> trigger) {
            Objects.requireNonNull(trigger, "trigger");
            for (EventTrigger<?> t : eventTriggers) {
                if (t.name().equals(trigger.name())) {
                    throw new IllegalArgumentException("event trigger '" + trigger.name() + "' is already registered");
                }
            }
            eventTriggers.add(trigger);
            return this;
        }

        /**
         * Records metrics (see the module README); default none.
         *
         * @param value the registry
         * @return this
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * The clock for timestamps, retry due times, workflow deadlines and schedules (default UTC system clock).
         *
         * @param value the clock
         * @return this
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How many step functions may run at once across all instances.
         *
         * @param value {@code >= 1}
         * @return this
         * @throws IllegalArgumentException if {@code < 1}
         */
        public Builder parallelism(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1 but was " + value);
            }
            this.parallelism = value;
            return this;
        }

        /**
         * How often due timers (retries, deadlines, schedules) are compared with the clock; a timer whose
         * real delay is known also fires on its own.
         *
         * @param value a positive duration
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder timerPollInterval(Duration value) {
            Objects.requireNonNull(value, "timerPollInterval");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timerPollInterval must be > 0 but was " + value);
            }
            this.timerPollInterval = value;
            return this;
        }

        /**
         * Runs this engine as one node of a cluster sharing a PostgreSQL store (see {@link ClusterOptions}):
         * instead of resuming every unfinished instance, it claims runnable instances under leases, and every
         * checkpoint it writes is fenced by the epoch of its lease. Without this, one engine runs everything in
         * its store, and two engines must not share one.
         *
         * @param options the cluster options
         * @return this
         */
        public Builder cluster(ClusterOptions options) {
            this.cluster = Objects.requireNonNull(options, "cluster");
            return this;
        }

        /**
         * Opens the store, resumes unfinished instances and starts the triggers.
         *
         * @return the running engine
         * @throws IllegalStateException    if no store was given
         * @throws IllegalArgumentException if cluster mode is asked for on a store without leases (SQLite)
         * @throws WorkflowStoreException   if the store cannot be opened
         */
        public WorkflowEngine build() {
            if (store == null) {
                throw new IllegalStateException("a store is required: call store(WorkflowStores.sqlite(path))");
            }
            return Engine.start(new Engine.Config(store, List.copyOf(definitions), List.copyOf(schedules),
                    List.copyOf(eventTriggers), meterRegistry, clock, parallelism, timerPollInterval, cluster));
        }
    }
}

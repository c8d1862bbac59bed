package dev.foundation.workflow;

import dev.foundation.events.Event;
import dev.foundation.events.EventStream;
import dev.foundation.events.RetryPolicy;
import dev.foundation.events.StartPosition;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Starts workflow instances from a {@code foundation-events} stream. The engine subscribes with the
 * trigger's name; each matching event starts one instance whose idempotency key comes from the event
 * (by default {@code stream:partition:offset}), and the subscription commits an event's offset only after
 * the instance is stored. On a durable stream the subscription resumes from its committed offsets after a
 * restart, so a restart neither skips an event (the offset was not committed) nor doubles a start (the
 * redelivered event carries the same key and finds the existing instance).
 *
 * <pre>{@code
 * EventTrigger<OrderPlaced> t = EventTrigger.from(orders, "fulfil-on-order")
 *     .filter(e -> e.total() > 0)
 *     .start("fulfil-order", e -> new OrderInput(e.orderId(), e.total()))
 *     .idempotencyKey(ev -> "order:" + ev.value().orderId())
 *     .build();
 * WorkflowEngine.builder().store(...).register(fulfil).trigger(t).build();
 * }</pre>
 *
 * @param <E> the event type
 */
public final class EventTrigger<E> {

    private final EventStream<E> stream;
    private final String name;
    private final Predicate<? super E> filter;
    private final String workflow;
    private final Function<? super E, ?> input;
    private final Function<Event<E>, String> idempotencyKey;
    private final StartPosition startFrom;
    private final RetryPolicy retry;

    private EventTrigger(Builder<E> b) {
        this.stream = b.stream;
        this.name = b.name;
        this.filter = b.filter;
        this.workflow = b.workflow;
        this.input = b.input;
        this.idempotencyKey = b.idempotencyKey;
        this.startFrom = b.startFrom;
        this.retry = b.retry;
    }

    /**
     * Starts a trigger on a stream.
     *
     * @param stream the stream (owned by the caller: the engine does not close it)
     * @param name   the trigger's name, used as the durable subscription name
     * @param <E>    the event type
     * @return a builder
     * @throws IllegalArgumentException if the name is blank
     */
    public static <E> Builder<E> from(EventStream<E> stream, String name) {
        return new Builder<>(stream, name);
    }

    /**
     * The stream.
     *
     * @return the stream
     */
    public EventStream<E> stream() {
        return stream;
    }

    /**
     * The trigger (and subscription) name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Which events start an instance.
     *
     * @return the filter
     */
    public Predicate<? super E> filter() {
        return filter;
    }

    /**
     * The workflow started.
     *
     * @return its name
     */
    public String workflow() {
        return workflow;
    }

    /**
     * Maps an event to the instance input.
     *
     * @return the mapping
     */
    public Function<? super E, ?> input() {
        return input;
    }

    /**
     * Derives the idempotency key from an event.
     *
     * @return the key function
     */
    public Function<Event<E>, String> idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * Where a subscription with no committed offsets starts.
     *
     * @return the position
     */
    public StartPosition startFrom() {
        return startFrom;
    }

    /**
     * How often starting from an event is retried before the event is dead-lettered.
     *
     * @return the subscription's retry policy
     */
    public RetryPolicy retry() {
        return retry;
    }

    @Override
    public String toString() {
        return "EventTrigger[" + name + ": " + stream.name() + " -> " + workflow + "]";
    }

    /**
     * Builds an {@link EventTrigger}.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final EventStream<E> stream;
        private final String name;
        private Predicate<? super E> filter = e -> true;
        private String workflow;
        private Function<? super E, ?> input;
        private Function<Event<E>, String> idempotencyKey;
        private StartPosition startFrom = StartPosition.EARLIEST;
        private RetryPolicy retry = RetryPolicy.DEFAULT;

        Builder(EventStream<E> stream, String name) {
            this.stream = Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
            }
            this.name = name;
            this.idempotencyKey = ev -> ev.stream() + ":" + ev.partition() + ":" + ev.offset();
        }

        /**
         * Only events matching the filter start an instance (default: all).
         *
         * @param value the filter
         * @return this
         */
        public Builder<E> filter(Predicate<? super E> value) {
            this.filter = Objects.requireNonNull(value, "filter");
            return this;
        }

        /**
         * The workflow to start and how to make its input from an event (required).
         *
         * @param workflowName the workflow name
         * @param mapping      event to input
         * @return this
         */
        public Builder<E> start(String workflowName, Function<? super E, ?> mapping) {
            this.workflow = Objects.requireNonNull(workflowName, "workflowName");
            this.input = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * How to derive the idempotency key (default {@code stream:partition:offset}, unique per event).
         *
         * @param value the key function
         * @return this
         */
        public Builder<E> idempotencyKey(Function<Event<E>, String> value) {
            this.idempotencyKey = Objects.requireNonNull(value, "idempotencyKey");
            return this;
        }

        /**
         * Where the subscription starts the first time (default {@link StartPosition#EARLIEST}, so events
         * published before the engine started are not skipped).
         *
         * @param value the position
         * @return this
         */
        public Builder<E> startFrom(StartPosition value) {
            this.startFrom = Objects.requireNonNull(value, "startFrom");
            return this;
        }

        /**
         * The subscription's retry policy for events whose start fails (default {@link RetryPolicy#DEFAULT});
         * afterwards the event goes to the stream's dead-letter stream.
         *
         * @param value the policy
         * @return this
         */
        public Builder<E> retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /**
         * Builds the trigger.
         *
         * @return the trigger
         * @throws IllegalStateException if {@link #start(String, Function)} was not called
         */
        public EventTrigger<E> build() {
            if (workflow == null) {
                throw new IllegalStateException("event trigger '" + name
                        + "' needs start(workflow, mapping): which workflow to start and with what input");
            }
            return new EventTrigger<>(this);
        }
    }
}

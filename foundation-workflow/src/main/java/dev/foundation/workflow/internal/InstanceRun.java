package dev.foundation.workflow.internal;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import dev.foundation.workflow.Branch;
import dev.foundation.workflow.CompensateWhen;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.NonRetryableException;
import dev.foundation.workflow.Retry;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepContext;
import dev.foundation.workflow.StepDefinition;
import dev.foundation.workflow.StepTimeoutException;
import dev.foundation.workflow.WorkflowDefinition;
import dev.foundation.workflow.WorkflowException;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory state machine of one instance. Every transition runs under the instance's monitor,
 * mutates memory and hands the matching checkpoints to the store in the same critical section (so the
 * store sees them in transition order); effects that must follow durability (running a step, arming a
 * timer, completing the result) run only after the commit. If a commit fails, the run is detached and the
 * instance reloaded from the store, which is always behind or equal to memory.
 *
 * @param <I> the input type
 */
final class InstanceRun<I> {

    /** One forward or compensation attempt. */
    static final class Attempt {
        final Step step;
        final AttemptKind kind;
        /** The step's track of this kind (forward or compensation). */
        final StepTrack track;
        /** The track's state and due time before this attempt was launched, restored if it never starts. */
        final StepState previousState;
        final Instant previousDue;
        /** The attempt's number; creating the attempt launched it on {@code track}. */
        final int number;
        long startNanos = System.nanoTime();
        private Thread runner;
        private boolean finished;
        private String interruptReason;

        Attempt(Step step, AttemptKind kind) {
            this.step = step;
            this.kind = kind;
            this.track = step.track(kind);
            this.previousState = track.state;
            this.previousDue = track.dueAt;
            this.number = track.launch();
        }

        synchronized boolean begin() {
            if (finished) {
                return false;
            }
            runner = Thread.currentThread();
            return true;
        }

        /** Marks the attempt finished by its runner; false if a timeout or interrupt already ended it. */
        synchronized boolean end() {
            runner = null;
            if (finished) {
                Thread.interrupted(); // clear an interrupt aimed at this attempt
                return false;
            }
            finished = true;
            Thread.interrupted();
            return true;
        }

        /** Ends the attempt from outside (timeout); true if it was still running. */
        synchronized boolean abort(String reason) {
            if (finished) {
                return false;
            }
            finished = true;
            interruptReason = reason;
            if (runner != null) {
                runner.interrupt();
            }
            return true;
        }

        synchronized void interrupt(String reason) {
            if (!finished && runner != null) {
                interruptReason = reason;
                runner.interrupt();
            }
        }

        synchronized String interruptReason() {
            return interruptReason;
        }
    }

    /** The runtime state of one step. */
    static final class Step {
        final String name;
        final StepDefinition<?> def;
        /** The step's own attempts. */
        final StepTrack forward = new StepTrack();
        /** Its compensation's attempts. */
        final StepTrack comp = new StepTrack();
        /** Whether the completed step has an output in the store (outputs are read when needed, never kept). */
        boolean hasOutput;
        List<String> selected;
        long seq;
        boolean skipped;
        Attempt current;

        Step(String name, StepDefinition<?> def) {
            this.name = name;
            this.def = def;
        }

        StepTrack track(AttemptKind kind) {
            return kind == AttemptKind.STEP ? forward : comp;
        }
    }

    /** What one transition writes, and what runs after the commit. */
    static final class Tx {
        final List<Checkpoint> writes = new ArrayList<>();
        final List<Runnable> after = new ArrayList<>();
    }

    final RunHost engine;
    final WorkflowDefinition<I> def;
    final String id;
    final String key;
    final Instant createdAt;
    final Instant deadline;
    final I input;
    /** The epoch this engine owns the instance under (cluster mode), else 0. */
    final long epoch;
    final CompletableFuture<InstanceInfo> done = new CompletableFuture<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private Status status;
    private String failure;
    private boolean cancelRequested;
    private long completionCounter;
    private int running;
    private boolean detached;
    private Instant updatedAt;
    private String finalError;

    InstanceRun(RunHost engine, WorkflowDefinition<I> def, String id, String key, Instant createdAt, Instant deadline,
                I input, Status status, long epoch) {
        this.engine = engine;
        this.epoch = epoch;
        this.def = def;
        this.id = id;
        this.key = key;
        this.createdAt = createdAt;
        this.deadline = deadline;
        this.input = input;
        this.status = status;
        this.updatedAt = createdAt;
        for (String name : def.topologicalOrder()) {
            steps.put(name, new Step(name, def.step(name)));
        }
    }

    // ------------------------------------------------------------------ loading and entry points

    /** Restores durable step state after a restart (before the first transition). */
    synchronized void restore(List<StoredStep> stored, boolean cancelled, String storedError) {
        cancelRequested = cancelled;
        for (StoredStep s : stored) {
            Step st = steps.get(s.step());
            if (st == null) {
                continue; // not in this version's definition: cannot happen for a registered version
            }
            st.forward.restore(s.state(), s.attempts(), s.dueAt(), s.error());
            st.comp.restore(s.compState(), s.compAttempts(), s.compDueAt(), s.compError());
            st.hasOutput = s.hasOutput();
            st.selected = s.selected();
            st.seq = s.completionSeq();
            completionCounter = Math.max(completionCounter, s.completionSeq());
            if (st.forward.state == StepState.FAILED && failure == null) {
                failure = "step '" + st.name + "' failed: " + st.forward.error;
            }
        }
        if (cancelled && failure == null) {
            failure = "cancelled";
        }
        if (status == Status.COMPENSATING && failure == null) {
            failure = storedError != null ? storedError : "compensating";
        }
    }

    /** The first transition of a new or resumed instance. */
    void kick() {
        Tx tx = new Tx();
        synchronized (this) {
            for (Step st : steps.values()) {
                for (AttemptKind kind : AttemptKind.values()) {
                    Instant due = st.track(kind).retryDue();
                    if (due != null) {
                        tx.after.add(() -> engine.timers().at(due, () -> onTimer(st, kind)));
                    }
                }
            }
            if (deadline != null) {
                tx.after.add(() -> engine.timers().at(deadline, this::onDeadline));
            }
            // started but unfinished before a crash: run again (at-least-once)
            for (Step st : steps.values()) {
                if (st.forward.state == StepState.RUNNING && st.current == null) {
                    launch(st, AttemptKind.STEP, tx);
                }
            }
            advance(tx);
            commit(tx);
        }
    }

    /**
     * The first transition of a new instance, before it is stored: launches its first steps in memory and
     * returns their start checkpoints (written with the instance's creation) and what to do after the commit.
     */
    synchronized Tx prepareStart() {
        Tx tx = new Tx();
        if (deadline != null) {
            tx.after.add(() -> engine.timers().at(deadline, this::onDeadline));
        }
        advance(tx);
        return tx;
    }

    void onTimer(Step st, AttemptKind kind) {
        synchronized (this) {
            if (detached || status.isTerminal()) {
                return;
            }
            Tx tx = new Tx();
            if (kind == AttemptKind.STEP) {
                if (st.forward.state == StepState.WAITING && failure == null && status == Status.RUNNING) {
                    launch(st, AttemptKind.STEP, tx);
                }
            } else if (st.comp.state == StepState.WAITING && status == Status.COMPENSATING && running == 0) {
                launch(st, AttemptKind.COMPENSATION, tx);
            }
            advance(tx);
            commit(tx);
        }
    }

    void onDeadline() {
        synchronized (this) {
            if (detached || status.isTerminal() || failure != null) {
                return;
            }
            Tx tx = new Tx();
            failure = "workflow '" + def.name() + "' timed out: its deadline " + deadline + " passed (timeout "
                    + def.timeout() + ")";
            interruptAll(failure);
            advance(tx);
            commit(tx);
        }
    }

    boolean cancel() {
        synchronized (this) {
            if (detached || status.isTerminal() || cancelRequested) {
                return false;
            }
            Tx tx = new Tx();
            cancelRequested = true;
            if (failure == null) {
                failure = "cancelled";
            }
            tx.writes.add(new Checkpoint.CancelRequested(id, engine.now()));
            interruptAll("instance " + id + " was cancelled");
            advance(tx);
            commit(tx);
            return true;
        }
    }

    /**
     * Cluster mode: if nothing runs and the next thing this instance does is a timer due at or after
     * {@code notBefore}, detaches the run (its armed timers then do nothing) and returns when it must wake: the
     * earliest retry due time, or the workflow deadline if that comes first. Otherwise returns {@code null}.
     */
    synchronized Instant parkIfIdle(Instant notBefore) {
        if (detached || status.isTerminal() || running > 0) {
            return null;
        }
        Instant wake = null;
        for (Step st : steps.values()) {
            for (StepTrack track : List.of(st.forward, st.comp)) {
                Instant due = track.retryDue();
                if (due != null && (wake == null || due.isBefore(wake))) {
                    wake = due;
                }
            }
        }
        if (wake == null) {
            return null;
        }
        if (deadline != null && deadline.isBefore(wake)) {
            wake = deadline;
        }
        if (wake.isBefore(notBefore)) {
            return null;
        }
        detached = true;
        return wake;
    }

    /** Marks the run detached (its state will be reloaded from the store); true if it was attached. */
    synchronized boolean detach() {
        return detach("the engine is reloading instance " + id);
    }

    /**
     * Marks the run detached: nothing more is launched or written, running steps are interrupted with
     * {@code reason}; true if it was attached.
     */
    synchronized boolean detach(String reason) {
        if (detached) {
            return false;
        }
        detached = true;
        interruptAll(reason);
        return true;
    }

    synchronized Status status() {
        return status;
    }

    synchronized int runningAttempts() {
        return running;
    }

    // ------------------------------------------------------------------ the state machine

    private void advance(Tx tx) {
        if (detached || status.isTerminal()) {
            return;
        }
        Instant now = engine.now();
        if (status == Status.RUNNING) {
            if (failure == null && deadline != null && !now.isBefore(deadline)) {
                failure = "workflow '" + def.name() + "' timed out: its deadline " + deadline + " passed (timeout "
                        + def.timeout() + ")";
                interruptAll(failure);
            }
            if (failure == null) {
                for (Step st : steps.values()) {
                    if (st.forward.state == StepState.NONE && !st.skipped) {
                        Decision d = decide(st);
                        if (d == Decision.SKIP) {
                            st.skipped = true;
                        } else if (d == Decision.RUN) {
                            launch(st, AttemptKind.STEP, tx);
                        }
                    }
                }
                if (running == 0 && allResolved()) {
                    end(Status.COMPLETED, null, tx);
                }
                return;
            }
            if (running > 0) {
                return; // let in-flight attempts finish: a step that completes will be compensated too
            }
            status = Status.COMPENSATING;
            updatedAt = now;
            tx.writes.add(new Checkpoint.StatusChanged(id, Status.COMPENSATING, failure, now));
        }
        // COMPENSATING: one compensation at a time, in reverse completion order
        if (running > 0) {
            return;
        }
        // first the steps attempted but not completed (failed for good, timed out, waiting for a retry), latest in
        // topological order first, then the completed ones in reverse completion order
        List<Step> completed = new ArrayList<>();
        List<Step> uncertain = new ArrayList<>();
        for (Step st : steps.values()) {
            if (st.def.compensation() == null) {
                continue;
            }
            if (st.forward.state == StepState.COMPLETED) {
                completed.add(st);
            } else if (st.forward.attempts > 0 && st.def.compensateWhen() == CompensateWhen.ATTEMPTED) {
                uncertain.add(st);
            }
        }
        completed.sort(Comparator.comparingLong((Step s) -> s.seq).reversed());
        java.util.Collections.reverse(uncertain); // steps is in topological order
        completed.addAll(0, uncertain);
        List<String> compErrors = new ArrayList<>();
        for (Step st : completed) {
            switch (st.comp.state) {
                case COMPLETED -> {
                    continue;
                }
                case FAILED -> {
                    compErrors.add("compensation of step '" + st.name + "' failed: " + st.comp.error);
                    continue;
                }
                case WAITING -> {
                    return; // its timer relaunches it
                }
                case NONE, RUNNING -> {
                    launch(st, AttemptKind.COMPENSATION, tx);
                    return;
                }
                default -> throw new IllegalStateException("unexpected compensation state " + st.comp.state);
            }
        }
        if (!compErrors.isEmpty()) {
            end(Status.FAILED, failure + "; " + String.join("; ", compErrors), tx);
        } else if (cancelRequested) {
            end(Status.CANCELLED, failure, tx);
        } else if (completed.isEmpty()) {
            end(Status.FAILED, failure + " (no step to compensate)", tx);
        } else {
            end(Status.COMPENSATED, failure, tx);
        }
    }

    private enum Decision { RUN, SKIP, WAIT }

    private Decision decide(Step st) {
        List<String> after = st.def.after();
        if (after.isEmpty()) {
            return Decision.RUN;
        }
        boolean enabled = false;
        for (String p : after) {
            Step pred = steps.get(p);
            if (pred.skipped) {
                continue;
            }
            if (pred.forward.state != StepState.COMPLETED) {
                return Decision.WAIT;
            }
            if (pred.selected == null || pred.selected.contains(st.name)) {
                enabled = true;
            }
        }
        return enabled ? Decision.RUN : Decision.SKIP;
    }

    private boolean allResolved() {
        for (Step st : steps.values()) {
            if (!st.skipped && st.forward.state != StepState.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    private void end(Status finalStatus, String error, Tx tx) {
        Instant now = engine.now();
        status = finalStatus;
        finalError = error;
        updatedAt = now;
        tx.writes.add(new Checkpoint.StatusChanged(id, finalStatus, error, now));
        InstanceInfo info = info();
        tx.after.add(() -> engine.ended(this, info));
    }

    synchronized InstanceInfo info() {
        return new InstanceInfo(id, def.name(), def.version(), key, status, createdAt, updatedAt,
                status.isTerminal() ? finalError : failure);
    }

    private void launch(Step st, AttemptKind kind, Tx tx) {
        Instant now = engine.now();
        Attempt a = new Attempt(st, kind);
        st.current = a;
        running++;
        updatedAt = now;
        // queued only: the attempt is recorded (AttemptStarted) when its body is about to start, on its thread,
        // so attempts that wait for a thread and never run (a crash, a restart) are not counted
        tx.after.add(() -> engine.execute(this, a));
    }

    /** Takes back a launched attempt that will not start: the step returns to its state before the launch. */
    private void unlaunch(Attempt a) {
        Step st = a.step;
        if (st.current != a) {
            return;
        }
        st.current = null;
        running--;
        a.track.unlaunch(a.number, a.previousState, a.previousDue);
    }

    /**
     * On the attempt's thread, before its body: records the start (durable before the body runs) unless the run
     * was detached, or the instance is failing (a step that has not started yet never starts then). Returns
     * whether the body may run.
     */
    private boolean recordStart(Attempt a) {
        CompletableFuture<Boolean> written;
        synchronized (this) {
            if (detached) { // dropped, reloaded or closing while the attempt waited for a thread
                return false;
            }
            if (a.kind == AttemptKind.STEP && (failure != null || status != Status.RUNNING)) {
                unlaunch(a);
                Tx tx = new Tx();
                advance(tx);
                commit(tx);
                return false;
            }
            written = engine.write(this, List.of(new Checkpoint.AttemptStarted(id, a.step.name, a.kind, a.number,
                    engine.now())), List.of());
        }
        boolean ok;
        try {
            ok = written.join(); // not interruptible: the start must be known written or not before going on
        } catch (RuntimeException e) {
            ok = false;
        }
        // once the start is durable the body runs (a run detached meanwhile has interrupted this thread, and its
        // result is discarded): a recorded attempt is an attempt whose body started, or one cut short by a crash
        return ok; // false: the engine dropped or reloads the run
    }

    private void interruptAll(String reason) {
        for (Step st : steps.values()) {
            if (st.current != null) {
                st.current.interrupt(reason);
            }
        }
    }

    /** Runs on an engine thread: the attempt's function with its timeout, then the transition. */
    void run(Attempt a) {
        if (!a.begin()) {
            return;
        }
        // cluster mode: never start a body (or a compensation) once the local lease deadline has passed, e.g.
        // on a node resumed after a pause, whose queued attempts would otherwise start before the lease
        // thread notices; checked before the start is written and again just before the body
        if (!engine.mayStart(this) || !recordStart(a) || !engine.mayStart(this)) {
            a.end();
            return;
        }
        a.startNanos = System.nanoTime();
        Duration timeout = a.step.def.timeout();
        ScheduledFuture<?> timer = null;
        if (timeout != null) {
            timer = engine.scheduler().schedule(() -> {
                if (a.abort("timeout")) {
                    onAttemptDone(a, null, new StepTimeoutException("step '" + a.step.name + "' of workflow '"
                            + def.name() + "' (instance " + id + ", attempt " + a.number + ") timed out after "
                            + timeout));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        Object result = null;
        Throwable error = null;
        try {
            Context ctx = new Context(a);
            if (a.kind == AttemptKind.STEP) {
                @SuppressWarnings("unchecked") // the step belongs to this definition, whose input type is I
                StepDefinition<I> sd = (StepDefinition<I>) a.step.def;
                result = sd.function().run(ctx);
            } else {
                @SuppressWarnings("unchecked") // as above
                StepDefinition<I> sd = (StepDefinition<I>) a.step.def;
                sd.compensation().compensate(ctx);
            }
        } catch (Throwable t) { // any failure (Errors too) is the attempt's result, never the thread's death
            error = t;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        String reason = a.interruptReason();
        if (!a.end()) {
            return; // the timeout already reported this attempt
        }
        if (error instanceof InterruptedException && reason != null) {
            error = new WorkflowException("step '" + a.step.name + "' was interrupted: " + reason, error);
        }
        try {
            onAttemptDone(a, result, error);
        } catch (Throwable t) { // e.g. OutOfMemoryError while recording: never leave the instance running forever
            engine.abandon(this, t);
        }
    }

    /**
     * Records an attempt's end. The application's code it needs (the step's output codec, the retry policy's
     * predicate) runs first, without the instance's monitor, which readers of the instance (its handle's
     * {@code output} and {@code cancel}, the engine's status reads) also take.
     */
    private void onAttemptDone(Attempt a, Object result, Throwable error) {
        Duration took = Duration.ofNanos(System.nanoTime() - a.startNanos);
        Step st = a.step;
        byte[] bytes = null;
        List<String> selected = null;
        if (a.kind == AttemptKind.STEP && error == null) {
            try {
                Object out = result;
                if (result instanceof Branch b) {
                    for (String s : b.successors()) {
                        if (!def.successors(st.name).contains(s)) {
                            throw new NonRetryableException("step '" + st.name + "' of workflow '"
                                    + def.name() + "' chose '" + s + "', which is not one of its direct"
                                    + " successors " + def.successors(st.name));
                        }
                    }
                    out = b.output();
                    selected = b.successors();
                }
                bytes = out == null ? null : encode(st.def.outputCodec(), out);
            } catch (NonRetryableException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new NonRetryableException("step '" + st.name + "' of workflow '" + def.name()
                        + "' returned a value that cannot be encoded (" + result.getClass().getName()
                        + "): " + e.getMessage(), e);
            }
        }
        boolean retryable = error != null && engine.retries().mayRetry(policy(a), a.number, error);
        String outcome;
        synchronized (this) {
            if (detached || a.step.current != a) {
                return;
            }
            st.current = null;
            running--;
            Instant now = engine.now();
            updatedAt = now;
            Tx tx = new Tx();
            if (a.kind == AttemptKind.STEP) {
                if (error == null) {
                    st.forward.completed();
                    st.hasOutput = bytes != null;
                    st.selected = selected;
                    st.seq = ++completionCounter;
                    tx.writes.add(new Checkpoint.AttemptFinished(id, st.name, AttemptKind.STEP, a.number, now,
                            StepState.COMPLETED, bytes, selected, st.seq, null, null));
                }
            } else if (error == null) {
                st.comp.completed();
                tx.writes.add(new Checkpoint.AttemptFinished(id, st.name, AttemptKind.COMPENSATION, a.number,
                        now, StepState.COMPLETED, null, null, 0, null, null));
            }
            if (error == null) {
                outcome = "completed";
            } else {
                outcome = failed(a, error, retryable, now, tx);
            }
            advance(tx);
            commit(tx);
        }
        engine.metrics().attempt(def.name(), a.step.name, a.kind, outcome, took);
    }

    /**
     * Records a failed attempt on its track: a retry when its policy allows one (a step's only while the instance
     * is not failing and {@code retryable}, which the policy decided before the monitor was taken), else a failure
     * for good (a step's is the instance's failure). Returns the outcome.
     */
    private String failed(Attempt a, Throwable error, boolean retryable, Instant now, Tx tx) {
        Step st = a.step;
        String err = describe(error);
        boolean forward = a.kind == AttemptKind.STEP;
        Retry policy = policy(a);
        if ((!forward || failure == null) && retryable) {
            Instant due = now.plus(engine.retries().delay(policy, a.number, error));
            a.track.retryAt(due, err);
            tx.writes.add(new Checkpoint.AttemptFinished(id, st.name, a.kind, a.number, now, StepState.WAITING, null,
                    null, 0, due, err));
            tx.after.add(() -> engine.timers().at(due, () -> onTimer(st, a.kind)));
            return "retry";
        }
        a.track.failed(err);
        if (forward && failure == null) {
            failure = "step '" + st.name + "' failed after " + a.number + " attempt" + (a.number == 1 ? "" : "s")
                    + ": " + err;
        }
        tx.writes.add(new Checkpoint.AttemptFinished(id, st.name, a.kind, a.number, now, StepState.FAILED, null,
                null, 0, null, err));
        return "failed";
    }

    private static Retry policy(Attempt a) {
        return a.kind == AttemptKind.STEP ? a.step.def.retry() : a.step.def.compensationRetry();
    }

    private static byte[] encode(Codec<?> stepCodec, Object value) {
        return stepCodec != null ? encodeWith(stepCodec, value) : encodeAs(value.getClass(), value);
    }

    @SuppressWarnings("unchecked") // a value of another type fails in the codec (ClassCastException): not encodable
    private static <T> byte[] encodeWith(Codec<T> codec, Object value) {
        return codec.encode((T) value);
    }

    /**
     * Decodes a stored output of {@code step} of {@code def} as {@code type}: with the step's output codec when it
     * has one (the result must be a {@code type}), else as JSON.
     */
    static <T> T decodeOutput(WorkflowDefinition<?> def, String step, byte[] bytes, Class<T> type) {
        StepDefinition<?> sd = def == null ? null : def.step(step);
        Codec<?> codec = sd == null ? null : sd.outputCodec();
        if (codec == null) {
            return codec(type).decode(bytes);
        }
        Object value = codec.decode(bytes);
        if (!type.isInstance(value)) {
            throw new WorkflowException("step '" + step + "' output decodes with " + codec.name() + " to "
                    + value.getClass().getName() + ", not the " + type.getName() + " asked for");
        }
        return type.cast(value);
    }

    private static <T> byte[] encodeAs(Class<T> type, Object value) {
        return codec(type).encode(type.cast(value));
    }

    /** JSON codecs per class, built once (building one per call costs more than the encoding). */
    private static final ClassValue<Codec<?>> CODECS = new ClassValue<>() {
        @Override
        protected Codec<?> computeValue(Class<?> type) {
            return Codecs.json(type);
        }
    };

    @SuppressWarnings("unchecked") // CODECS maps each class to a codec of that class
    static <T> Codec<T> codec(Class<T> type) {
        return (Codec<T>) CODECS.get(type);
    }

    static String describe(Throwable error) {
        String msg = error.getMessage();
        return error.getClass().getName() + (msg == null ? "" : ": " + msg);
    }

    private void commit(Tx tx) {
        if (tx.writes.isEmpty()) {
            if (!tx.after.isEmpty()) {
                engine.afterCommit(this, tx.after);
            }
            return;
        }
        engine.write(this, tx.writes, tx.after);
    }

    /**
     * The output of a completed step, read from the store (outputs are not kept in memory, so an instance's heap
     * use does not grow with its outputs, during a run or on resuming it).
     */
    byte[] outputBytes(String step) {
        boolean stored;
        synchronized (this) {
            Step st = steps.get(step);
            if (st == null) {
                throw new WorkflowException("workflow '" + def.name() + "' v" + def.version() + " has no step '"
                        + step + "'");
            }
            stored = st.forward.state == StepState.COMPLETED && st.hasOutput;
        }
        return stored ? engine.store().output(id, step).orElse(null) : null;
    }

    /** The context a step or compensation sees. */
    private final class Context implements StepContext<I> {
        private final Attempt attempt;

        Context(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public String instanceId() {
            return id;
        }

        @Override
        public String workflow() {
            return def.name();
        }

        @Override
        public int version() {
            return def.version();
        }

        @Override
        public String stepName() {
            return attempt.step.name;
        }

        @Override
        public String idempotencyKey() {
            return id + ":" + attempt.step.name + (attempt.kind == AttemptKind.COMPENSATION ? ":compensate" : "");
        }

        @Override
        public String stepIdempotencyKey() {
            return id + ":" + attempt.step.name;
        }

        @Override
        public int attempt() {
            return attempt.number;
        }

        @Override
        public boolean isCompensation() {
            return attempt.kind == AttemptKind.COMPENSATION;
        }

        @Override
        public I input() {
            return input;
        }

        @Override
        public <T> T output(String step, Class<T> type) {
            byte[] bytes = outputBytes(step);
            if (bytes == null) {
                throw new WorkflowException("step '" + step + "' of instance " + id + " has no output: it has not"
                        + " completed or returned nothing");
            }
            return decodeOutput(def, step, bytes, type);
        }

        @Override
        public <T> Optional<T> findOutput(String step, Codec<T> codec) {
            byte[] bytes = outputBytes(step);
            return bytes == null ? Optional.empty() : Optional.of(codec.decode(bytes));
        }
    }
}

package dev.foundation.config.internal;

import dev.foundation.config.ChangeCause;
import dev.foundation.config.ConfigChange;
import dev.foundation.config.ConfigException;
import dev.foundation.config.ConfigHandle;
import dev.foundation.config.ConfigListener;
import dev.foundation.config.ConfigValidationException;
import dev.foundation.config.KeyChange;
import dev.foundation.config.Origin;
import dev.foundation.config.ReloadResult;
import dev.foundation.config.RestartRequiredPolicy;
import dev.foundation.config.Snapshot;
import dev.foundation.config.Subscription;
import dev.foundation.config.Violation;
import jakarta.validation.Validator;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live configuration: one volatile reference to an immutable state, replaced under a lock by reloads and
 * rollbacks; listeners notified from a queue in version order.
 *
 * @param <T> the record type
 */
public final class DefaultConfigHandle<T> implements ConfigHandle<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigHandle.class);

    /** A snapshot with the raw leaves it was flattened from (for diffs that see secret changes). */
    private static final class State<T> {
        final Snapshot<T> snapshot;
        final Map<String, Object> leaves;

        State(Snapshot<T> snapshot, Map<String, Object> leaves) {
            this.snapshot = snapshot;
            this.leaves = leaves;
        }
    }

    /** A bound, validated value not yet applied. */
    private static final class Candidate {
        final Object value;
        final Map<String, Origin> origins;
        final Map<String, Object> leaves;
        final List<String> pendingRestart;

        Candidate(Object value, Map<String, Origin> origins, Map<String, Object> leaves, List<String> pending) {
            this.value = value;
            this.origins = origins;
            this.leaves = leaves;
            this.pendingRestart = pending;
        }
    }

    private final Settings<T> settings;
    private final ConfigType type;
    private final Sources sources;
    private final Validator validator;
    /** The keys of {@code @RestartRequired} properties; computed by the first reload or rollback (under the lock). */
    private List<String> restartKeys;
    private final Metrics metrics;
    private final ReentrantLock updateLock = new ReentrantLock();
    private final ReentrantLock notifyLock = new ReentrantLock();
    private final ArrayDeque<State<T>> history = new ArrayDeque<>();
    private final CopyOnWriteArrayList<ConfigListener<T>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<ConfigChange<T>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile State<T> state;
    /** The current value, written with {@link #state}: get() is a single volatile read. */
    private volatile T currentValue;
    private volatile ConfigException lastError;
    /** Why the sources hashing to {@code lastAttemptHash} were rejected, or null if they were not. */
    private ConfigException lastAttemptRejection;
    private String lastAttemptHash;
    private Watcher watcher;

    private DefaultConfigHandle(Settings<T> settings) {
        this.settings = settings;
        this.type = ConfigType.of(settings.type());
        this.sources = new Sources(type, settings.prefix(), settings.files(), settings.env(), settings.sys(),
                settings.overrides(), settings.limits());
        this.validator = settings.validatorFactory() != null ? settings.validatorFactory().getValidator()
                : Validators.defaultValidator();
        this.metrics = new Metrics(settings.registry(), settings.name());
    }

    /**
     * Loads the configuration for the first time (failing with every violation if it is invalid) and starts
     * watching or polling if asked.
     *
     * @param settings the builder's settings
     * @param <T>      the record type
     * @return the running handle
     * @throws ConfigException when the first load fails
     */
    public static <T> DefaultConfigHandle<T> start(Settings<T> settings) {
        DefaultConfigHandle<T> h = new DefaultConfigHandle<>(settings);
        h.initialLoad();
        return h;
    }

    private void initialLoad() {
        Sources.Raw raw;
        Candidate c;
        try {
            raw = sources.read();
            c = evaluate(raw);
        } catch (ConfigException e) {
            metrics.close();
            throw e;
        }
        lastAttemptHash = raw.hash;
        long now = settings.clock().millis();
        Snapshot<T> snap = new Snapshot<>(1, settings.type().cast(c.value), settings.clock().instant(),
                ChangeCause.INITIAL, 0, Flattener.render(c.leaves), c.origins, List.of());
        state = new State<>(snap, c.leaves);
        currentValue = snap.value();
        history.add(state);
        metrics.applied(1, now);
        LOG.debug("config '{}' loaded, version 1 ({} keys)", settings.name(), c.origins.size());
        boolean poll = settings.pollInterval() != null && !settings.pollInterval().isZero();
        if ((settings.watch() || poll) && !sources.files().isEmpty()) {
            List<java.nio.file.Path> paths = new ArrayList<>();
            sources.files().forEach(f -> paths.add(f.path()));
            watcher = Watcher.start(settings.name(), paths, settings.watch(), settings.pollInterval(),
                    settings.debounce(), this::reloadFromWatcher);
        }
    }

    private static List<String> restartKeys(ConfigType type, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigType.Property p : type.properties()) {
            String k = ConfigType.key(key, p.name());
            if (p.restartRequired()) {
                out.add(k);
            } else if (p.type().kind() == ConfigType.Kind.RECORD) {
                out.addAll(restartKeys(p.type(), k));
            }
        }
        return out;
    }

    private Candidate evaluate(Sources.Raw raw) {
        Sources.Parsed parsed = sources.parse(raw);
        Binder.Result bound = Binder.bind(type, parsed.root(), settings.prefix());
        List<Violation> all = new ArrayList<>(parsed.errors());
        all.addAll(bound.errors);
        if (bound.value != null) {
            List<String> failed = new ArrayList<>();
            bound.errors.forEach(v -> failed.add(v.key()));
            all.addAll(Validation.validate(validator, type, bound.value, settings.prefix(), bound.origins, failed));
        }
        if (!all.isEmpty()) {
            all.sort(Comparator.comparing(Violation::key));
            throw new ConfigValidationException(settings.name(), all);
        }
        return new Candidate(bound.value, bound.origins,
                Flattener.flattenLazily(type, bound.value, settings.prefix()), List.of());
    }

    @Override
    public T get() {
        return currentValue;
    }

    @Override
    public Snapshot<T> snapshot() {
        return state.snapshot;
    }

    @Override
    public List<Snapshot<T>> history() {
        updateLock.lock();
        try {
            List<Snapshot<T>> out = new ArrayList<>(history.size());
            history.forEach(s -> out.add(s.snapshot));
            return List.copyOf(out);
        } finally {
            updateLock.unlock();
        }
    }

    @Override
    public Optional<ConfigException> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void reloadFromWatcher() {
        if (!closed.get()) {
            reload();
        }
    }

    @Override
    public ReloadResult reload() {
        ensureOpen();
        long start = System.nanoTime();
        ReloadResult result;
        updateLock.lock();
        try {
            result = reloadLocked();
        } finally {
            updateLock.unlock();
        }
        Metrics.ReloadOutcome outcome = Metrics.ReloadOutcome.valueOf(result.status().name());
        metrics.outcome(outcome, Duration.ofNanos(System.nanoTime() - start));
        drain();
        return result;
    }

    private ReloadResult reloadLocked() {
        State<T> current = state;
        Sources.Raw raw;
        try {
            raw = sources.read();
        } catch (ConfigException e) {
            lastAttemptHash = null;
            return reject(current, e);
        }
        if (raw.hash.equals(lastAttemptHash)) {
            ConfigException rejected = lastAttemptRejection;
            if (rejected != null) {
                // the same bytes were rejected before (by the watcher, say): say so again rather than UNCHANGED
                lastError = rejected;
                return new ReloadResult(ReloadResult.Status.REJECTED, current.snapshot, List.of(), rejected);
            }
            return new ReloadResult(ReloadResult.Status.UNCHANGED, current.snapshot, List.of(), null);
        }
        lastAttemptHash = raw.hash;
        lastAttemptRejection = null;
        Candidate c;
        try {
            c = restartCheck(evaluate(raw), current);
        } catch (ConfigException e) {
            lastAttemptRejection = e;
            return reject(current, e);
        }
        if (c.leaves.equals(current.leaves) && c.pendingRestart.equals(current.snapshot.pendingRestart())) {
            lastError = null;
            return new ReloadResult(ReloadResult.Status.UNCHANGED, current.snapshot, List.of(), null);
        }
        State<T> next = apply(current, c, ChangeCause.RELOAD, 0);
        return new ReloadResult(ReloadResult.Status.APPLIED, next.snapshot, Flattener.diff(current.leaves, next.leaves),
                null);
    }

    private ReloadResult reject(State<T> current, ConfigException e) {
        lastError = e;
        LOG.warn("config '{}': reload rejected, keeping version {}: {}", settings.name(),
                current.snapshot.version(), e.getMessage());
        return new ReloadResult(ReloadResult.Status.REJECTED, current.snapshot, List.of(), e);
    }

    private Candidate restartCheck(Candidate c, State<T> current) {
        if (restartKeys == null) {
            restartKeys = restartKeys(type, settings.prefix());
        }
        if (restartKeys.isEmpty()) {
            return c;
        }
        List<KeyChange> changes = Flattener.diff(current.leaves, c.leaves);
        List<String> affected = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (String rk : restartKeys) {
            for (KeyChange ch : changes) {
                if (Validation.under(ch.key(), List.of(rk))) {
                    if (!affected.contains(rk)) {
                        affected.add(rk);
                    }
                    violations.add(new Violation(ch.key(), ch.newValue(), "requires a restart (@RestartRequired "
                            + rk + "); was " + ch.oldValue() + ", cannot change while running",
                            Validation.originOf(ch.key(), c.origins)));
                }
            }
        }
        if (affected.isEmpty()) {
            return c;
        }
        if (settings.restartPolicy() == RestartRequiredPolicy.REJECT) {
            throw new ConfigValidationException(settings.name(), violations);
        }
        Object merged;
        try {
            merged = keepCurrent(type, c.value, current.snapshot.value(), settings.prefix());
        } catch (InvocationTargetException e) {
            throw new ConfigValidationException(settings.name(), List.of(new Violation(settings.prefix(), null,
                    "keeping restart-only values makes the record invalid: " + e.getCause().getMessage(), null)));
        }
        Map<String, Origin> origins = new LinkedHashMap<>(c.origins);
        for (String rk : affected) {
            origins.keySet().removeIf(k -> Validation.under(k, List.of(rk)));
            current.snapshot.origins().forEach((k, o) -> {
                if (Validation.under(k, List.of(rk))) {
                    origins.put(k, o);
                }
            });
        }
        List<Violation> again = Validation.validate(validator, type, merged, settings.prefix(), origins, List.of());
        if (!again.isEmpty()) {
            throw new ConfigValidationException(settings.name(), again);
        }
        LOG.warn("config '{}': {} changed but require a restart; keeping the current values", settings.name(), affected);
        return new Candidate(merged, origins, Flattener.flatten(type, merged, settings.prefix()), affected);
    }

    private Object keepCurrent(ConfigType t, Object next, Object current, String key) throws InvocationTargetException {
        List<ConfigType.Property> props = t.properties();
        Object[] args = new Object[props.size()];
        for (int i = 0; i < props.size(); i++) {
            ConfigType.Property p = props.get(i);
            Object n = Flattener.component(p, next);
            Object o = Flattener.component(p, current);
            String k = ConfigType.key(key, p.name());
            if (p.restartRequired()) {
                args[i] = o;
            } else if (p.type().kind() == ConfigType.Kind.RECORD && n != null && o != null) {
                args[i] = keepCurrent(p.type(), n, o, k);
            } else {
                args[i] = n;
            }
        }
        return t.construct(args);
    }

    private State<T> apply(State<T> current, Candidate c, ChangeCause cause, long rolledBackFrom) {
        long version = current.snapshot.version() + 1;
        Snapshot<T> snap = new Snapshot<>(version, settings.type().cast(c.value), settings.clock().instant(), cause,
                rolledBackFrom, Flattener.render(c.leaves), c.origins, c.pendingRestart);
        State<T> next = new State<>(snap, c.leaves);
        state = next;
        currentValue = snap.value();
        lastError = null;
        history.addLast(next);
        while (history.size() > settings.historySize()) {
            history.removeFirst();
        }
        metrics.applied(version, settings.clock().millis());
        List<KeyChange> changes = Flattener.diff(current.leaves, next.leaves);
        LOG.info("config '{}': version {} applied ({}): {}", settings.name(), version, cause, changes);
        pending.add(new ConfigChange<>(current.snapshot, snap, changes));
        return next;
    }

    @Override
    public Snapshot<T> rollback(long version) {
        ensureOpen();
        Snapshot<T> result;
        updateLock.lock();
        try {
            State<T> target = null;
            for (State<T> s : history) {
                if (s.snapshot.version() == version) {
                    target = s;
                }
            }
            if (target == null) {
                throw new IllegalArgumentException("version must be one of the history's versions "
                        + history.getFirst().snapshot.version() + ".." + history.getLast().snapshot.version()
                        + " but was " + version);
            }
            List<Violation> violations = Validation.validate(validator, type, target.snapshot.value(),
                    settings.prefix(), target.snapshot.origins(), List.of());
            if (!violations.isEmpty()) {
                throw new ConfigValidationException(settings.name(), violations);
            }
            State<T> current = state;
            Candidate c = restartCheck(new Candidate(target.snapshot.value(), target.snapshot.origins(),
                    target.leaves, List.of()), current);
            result = apply(current, c, ChangeCause.ROLLBACK, version).snapshot;
        } finally {
            updateLock.unlock();
        }
        drain();
        return result;
    }

    /**
     * Delivers the queued changes unless another thread is delivering (it then delivers them after its current
     * one): a thread that applied a change never waits for listeners running on another thread, so a listener may
     * wait for a thread that reloads or rolls back this handle. The re-check after unlocking picks up a change
     * queued by a thread whose {@code tryLock} failed just before the unlock.
     */
    private void drain() {
        if (notifyLock.isHeldByCurrentThread()) {
            return; // a listener triggered this change: the outer loop delivers it after the current one
        }
        while (!pending.isEmpty() && notifyLock.tryLock()) {
            try {
                ConfigChange<T> change;
                while ((change = pending.poll()) != null) {
                    tell(change);
                }
            } finally {
                notifyLock.unlock();
            }
        }
    }

    private void tell(ConfigChange<T> change) {
        for (ConfigListener<T> l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                LOG.warn("config '{}': listener {} failed on version {}; the change stays applied",
                        settings.name(), l, change.version(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(ConfigListener<T> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                listeners.remove(listener);
            }
        };
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("config '" + settings.name() + "' is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (watcher != null) {
            watcher.close();
        }
        metrics.close();
    }

    @Override
    public String toString() {
        return "ConfigHandle{" + settings.name() + ", version " + state.snapshot.version() + '}';
    }
}

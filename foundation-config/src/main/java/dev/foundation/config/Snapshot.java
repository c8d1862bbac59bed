package dev.foundation.config;

import dev.foundation.config.internal.FrozenMap;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable, fully valid version of a configuration: the bound record, its version number, when and why
 * it was made, the rendered value of every key (secrets masked) and the origin of every key.
 *
 * @param <T> the configuration record type
 */
public final class Snapshot<T> {

    private final long version;
    private final T value;
    private final Instant createdAt;
    private final ChangeCause cause;
    private final long rolledBackFrom;
    private final Map<String, String> values;
    private final Map<String, Origin> origins;
    private final List<String> pendingRestart;

    /**
     * Creates a snapshot (done by the library; applications read snapshots).
     *
     * @param version        the version, from 1
     * @param value          the bound, validated record
     * @param createdAt      when it was made
     * @param cause          why it was made
     * @param rolledBackFrom for a rollback, the version re-applied; otherwise 0
     * @param values         every key's rendered value, secrets masked, in schema order
     * @param origins        every key's origin
     * @param pendingRestart keys whose new value waits for a restart
     */
    public Snapshot(long version, T value, Instant createdAt, ChangeCause cause, long rolledBackFrom,
            Map<String, String> values, Map<String, Origin> origins, List<String> pendingRestart) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1 but was " + version);
        }
        this.version = version;
        this.value = Objects.requireNonNull(value, "value");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.cause = Objects.requireNonNull(cause, "cause");
        this.rolledBackFrom = rolledBackFrom;
        this.values = frozen(values);
        this.origins = frozen(origins);
        this.pendingRestart = List.copyOf(pendingRestart);
    }

    /** An unmodifiable copy in the same order; a map the configuration handle froze for it is kept as is. */
    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return map instanceof FrozenMap ? map : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The version number; each applied reload or rollback increments it.
     *
     * @return the version, from 1
     */
    public long version() {
        return version;
    }

    /**
     * The configuration record.
     *
     * @return the immutable, validated value
     */
    public T value() {
        return value;
    }

    /**
     * When the snapshot was made (by the handle's clock).
     *
     * @return the creation time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * Why the snapshot was made.
     *
     * @return the cause
     */
    public ChangeCause cause() {
        return cause;
    }

    /**
     * For a rollback, the version whose value was re-applied.
     *
     * @return the version, or 0 when this is not a rollback
     */
    public long rolledBackFrom() {
        return rolledBackFrom;
    }

    /**
     * Every key's value as text, secrets masked, in schema order (keys such as {@code app.endpoints[0].url}).
     *
     * @return the rendered values
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * Where each key's value came from.
     *
     * @return key to origin
     */
    public Map<String, Origin> origins() {
        return origins;
    }

    /**
     * The origin of a key, or of its nearest enclosing key that has one.
     *
     * @param key a key path
     * @return the origin, or null when neither the key nor any parent is known
     */
    public Origin originOf(String key) {
        String k = key;
        while (true) {
            Origin o = origins.get(k);
            if (o != null) {
                return o;
            }
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            if (cut <= 0) {
                return null;
            }
            k = k.substring(0, cut);
        }
    }

    /**
     * Keys of {@link RestartRequired} components whose sources changed but which keep their current value
     * until a restart (only with {@link RestartRequiredPolicy#KEEP_CURRENT}).
     *
     * @return the keys, usually empty
     */
    public List<String> pendingRestart() {
        return pendingRestart;
    }

    /**
     * A summary with the version and the masked values.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "Snapshot{version=" + version + ", cause=" + cause + ", createdAt=" + createdAt
                + ", values=" + values + '}';
    }
}

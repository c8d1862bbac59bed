package dev.foundation.config.internal;

import dev.foundation.config.KeyChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Flattens a bound record to key paths and computes diffs between two flattenings. */
public final class Flattener {

    /** Marker for an empty collection or map (a key with no leaves under it). */
    private static final Object EMPTY_LIST = new Object() {
        @Override
        public String toString() {
            return "[]";
        }
    };
    private static final Object EMPTY_MAP = new Object() {
        @Override
        public String toString() {
            return "{}";
        }
    };

    private Flattener() {
    }

    /**
     * Flattens a value: key path to raw leaf value (secrets kept as {@link dev.foundation.config.Secret},
     * masked only when rendered).
     *
     * @param type  the type
     * @param value the value
     * @param key   the key of the value
     * @return leaves in schema order
     */
    public static LinkedHashMap<String, Object> flatten(ConfigType type, Object value, String key) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>(128);
        walk(type, value, key, out);
        return out;
    }

    /**
     * {@link #flatten} on first access: the value is an immutable record, so the result is the same whenever it is
     * made.
     *
     * @param type  the type
     * @param value the value
     * @param key   the key of the value
     * @return leaves in schema order, made when first read
     */
    public static Map<String, Object> flattenLazily(ConfigType type, Object value, String key) {
        return FrozenMap.lazy(() -> flatten(type, value, key));
    }

    private static void walk(ConfigType type, Object value, String key, Map<String, Object> out) {
        if (value == null) {
            out.put(key, null);
            return;
        }
        switch (type.kind()) {
            case RECORD: {
                List<ConfigType.Property> props = type.properties();
                for (int i = 0; i < props.size(); i++) {
                    ConfigType.Property p = props.get(i);
                    walk(p.type(), component(p, value), type.childKey(i, key), out);
                }
                break;
            }
            case OPTIONAL: {
                Optional<?> o = (Optional<?>) value;
                if (o.isPresent()) {
                    walk(type.element(), o.get(), key, out);
                } else {
                    out.put(key, null);
                }
                break;
            }
            case LIST:
            case SET: {
                Collection<?> c = (Collection<?>) value;
                if (c.isEmpty()) {
                    out.put(key, EMPTY_LIST);
                }
                int i = 0;
                for (Object e : c) {
                    walk(type.element(), e, key + "[" + i++ + "]", out);
                }
                break;
            }
            case MAP: {
                Map<?, ?> m = (Map<?, ?>) value;
                if (m.isEmpty()) {
                    out.put(key, EMPTY_MAP);
                }
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    walk(type.element(), e.getValue(), key + "." + e.getKey(), out);
                }
                break;
            }
            default:
                out.put(key, value);
        }
    }

    /**
     * Reads a record component.
     *
     * @param p      the property
     * @param record the record
     * @return the component's value
     */
    public static Object component(ConfigType.Property p, Object record) {
        try {
            return p.accessor().invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + p.name() + " of " + record.getClass().getName(), e);
        }
    }

    /**
     * Renders leaves as text, secrets masked, when the result is first read.
     *
     * @param leaves raw leaves, never changed afterwards
     * @return rendered leaves
     */
    public static Map<String, String> render(Map<String, Object> leaves) {
        return FrozenMap.lazy(() -> {
            LinkedHashMap<String, String> out = new LinkedHashMap<>(Math.max(16, leaves.size() * 2));
            leaves.forEach((k, v) -> out.put(k, Scalars.render(v)));
            return out;
        });
    }

    /**
     * The keys whose values differ, in the new snapshot's key order (then removed keys).
     *
     * @param before the old leaves
     * @param after  the new leaves
     * @return the changes, secrets masked
     */
    public static List<KeyChange> diff(Map<String, Object> before, Map<String, Object> after) {
        List<KeyChange> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        for (String k : keys) {
            boolean inBefore = before.containsKey(k);
            boolean inAfter = after.containsKey(k);
            Object a = before.get(k);
            Object b = after.get(k);
            if (inBefore && inAfter && Objects.equals(a, b)) {
                continue;
            }
            out.add(new KeyChange(k, inBefore ? Scalars.render(a) : null, inAfter ? Scalars.render(b) : null));
        }
        return out;
    }
}

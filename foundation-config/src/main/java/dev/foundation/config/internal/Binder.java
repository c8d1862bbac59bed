package dev.foundation.config.internal;

import dev.foundation.config.Origin;
import dev.foundation.config.Violation;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Binds a {@link Node} tree to a record, applying {@link dev.foundation.config.Default}s, recording the origin
 * of every key, and collecting every conversion problem and unknown key instead of stopping at the first.
 */
public final class Binder {

    /** The outcome of binding. */
    public static final class Result {
        /** The bound record; built even when there are errors (failed components are null or zero). */
        public final Object value;
        /** Key to origin, for every key that came from a source or a default. */
        public final Map<String, Origin> origins;
        /** Conversion problems, missing required values and unknown keys. */
        public final List<Violation> errors;

        Result(Object value, Map<String, Origin> origins, List<Violation> errors) {
            this.value = value;
            this.origins = origins;
            this.errors = errors;
        }
    }

    private final LinkedHashMap<String, Origin> origins = new LinkedHashMap<>(128);
    private final List<Violation> errors = new ArrayList<>();

    private Binder() {
    }

    /**
     * Binds a tree.
     *
     * @param type   the root record type
     * @param node   the subtree under the prefix, or null
     * @param prefix the key prefix (may be empty)
     * @return the bound value, origins and errors
     */
    public static Result bind(ConfigType type, Node node, String prefix) {
        Binder b = new Binder();
        Object value = b.bindRecord(type, node, prefix, prefix.isEmpty() ? null : Origin.DEFAULT);
        return new Result(value, FrozenMap.of(b.origins), b.errors);
    }

    private void error(String key, Node node, ConfigType type, String message) {
        String rendered = null;
        Origin origin = node == null ? null : node.origin();
        if (node instanceof Node.Scalar) {
            rendered = type != null && type.isSecret() ? dev.foundation.config.Secret.MASK
                    : String.valueOf(((Node.Scalar) node).text());
        }
        errors.add(new Violation(key, rendered, message, origin));
    }

    private Object bindRecord(ConfigType type, Node node, String key, Origin fallback) {
        Map<String, Node> entries = Map.of();
        if (node instanceof Node.Mapping) {
            entries = ((Node.Mapping) node).entries();
            if (!key.isEmpty()) {
                origins.put(key, node.origin());
            }
        } else if (node instanceof Node.Scalar && ((Node.Scalar) node).text() == null) {
            entries = Map.of();
        } else if (node != null) {
            error(key, node, type, "expected a section of keys (" + type.raw().getSimpleName() + ") but got "
                    + (node instanceof Node.Sequence ? "a list" : "a single value"));
            return null;
        }
        List<ConfigType.Property> props = type.properties();
        Object[] args = new Object[props.size()];
        boolean failed = false;
        int matched = 0;
        for (int i = 0; i < props.size(); i++) {
            ConfigType.Property p = props.get(i);
            String propertyKey = type.childKey(i, key);
            Node child = entries.get(p.name());
            Node kebabChild = p.kebabName() == null ? null : entries.get(p.kebabName());
            matched += (child == null ? 0 : 1) + (kebabChild == null ? 0 : 1);
            if (child == null) {
                child = kebabChild;
            } else if (kebabChild != null) {
                error(propertyKey, kebabChild, p.type(), "given twice, as '" + p.name() + "' ("
                        + child.origin() + ") and as '" + p.kebabName() + "'");
            }
            int before = errors.size();
            args[i] = bindProperty(p, child, propertyKey);
            if (args[i] == null && p.type().raw().isPrimitive()) {
                args[i] = zero(p.type().raw());
            }
            failed |= errors.size() > before;
        }
        if (matched < entries.size()) {
            List<String> names = new ArrayList<>();
            for (ConfigType.Property p : props) {
                names.add(p.name());
            }
            for (Map.Entry<String, Node> e : new TreeMap<>(entries).entrySet()) {
                ConfigType.Property known = type.property(e.getKey());
                if (known != null || isKebabOfAny(e.getKey(), props)) {
                    continue;
                }
                String suggestion = Suggestions.closest(e.getKey(), names);
                errors.add(new Violation(ConfigType.key(key, e.getKey()), null, "unknown key"
                        + (suggestion == null ? "; known keys here: " + String.join(", ", names)
                                : "; did you mean '" + suggestion + "'?"), e.getValue().origin()));
            }
        }
        try {
            return type.construct(args);
        } catch (InvocationTargetException e) {
            if (!failed) {
                Throwable cause = e.getCause();
                errors.add(new Violation(key.isEmpty() ? type.raw().getSimpleName() : key, null,
                        "rejected by " + type.raw().getSimpleName() + "'s constructor: " + cause.getMessage(),
                        node == null ? fallback : node.origin()));
            }
            return null;
        }
    }

    private static boolean isKebabOfAny(String key, List<ConfigType.Property> props) {
        for (ConfigType.Property p : props) {
            if (key.equals(p.kebabName())) {
                return true;
            }
        }
        return false;
    }

    private static Object zero(Class<?> c) {
        if (c == boolean.class) {
            return false;
        }
        if (c == char.class) {
            return '\0';
        }
        if (c == long.class) {
            return 0L;
        }
        if (c == double.class) {
            return 0d;
        }
        if (c == float.class) {
            return 0f;
        }
        if (c == short.class) {
            return (short) 0;
        }
        if (c == byte.class) {
            return (byte) 0;
        }
        return 0;
    }

    private Object bindProperty(ConfigType.Property p, Node node, String key) {
        boolean absent = node == null
                || node instanceof Node.Scalar && ((Node.Scalar) node).text() == null && p.defaultValue() != null;
        if (absent && p.defaultValue() != null) {
            Node def = new Node.Scalar(p.defaultValue(), Origin.DEFAULT);
            return bindValue(p.type(), def, key);
        }
        return bindValue(p.type(), node, key);
    }

    private Object bindValue(ConfigType type, Node node, String key) {
        switch (type.kind()) {
            case RECORD:
                return bindRecord(type, node, key, null);
            case OPTIONAL:
                if (node == null || node instanceof Node.Scalar && ((Node.Scalar) node).text() == null) {
                    if (node != null) {
                        origins.put(key, node.origin());
                    }
                    return Optional.empty();
                }
                Object inner = bindValue(type.element(), node, key);
                return inner == null ? Optional.empty() : Optional.of(inner);
            case LIST:
            case SET:
                return bindCollection(type, node, key);
            case MAP:
                return bindMap(type, node, key);
            default:
                return bindScalar(type, node, key);
        }
    }

    private Object bindScalar(ConfigType type, Node node, String key) {
        if (node == null) {
            if (type.raw().isPrimitive()) {
                errors.add(new Violation(key, null, "is required: no source gives a value and there is no @Default",
                        null));
            }
            return null;
        }
        origins.put(key, node.origin());
        if (!(node instanceof Node.Scalar)) {
            error(key, node, type, "expected " + Scalars.describe(type.raw()) + " but got "
                    + (node instanceof Node.Sequence ? "a list" : "a section of keys"));
            return null;
        }
        String text = ((Node.Scalar) node).text();
        if (text == null) {
            if (type.raw().isPrimitive()) {
                error(key, node, type, "is required: " + type.raw().getName() + " cannot be null");
            }
            return null;
        }
        try {
            return Scalars.convert(text, type.raw());
        } catch (Scalars.ConversionException e) {
            error(key, node, type, "cannot convert to " + type.raw().getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }

    private Object bindCollection(ConfigType type, Node node, String key) {
        boolean set = type.kind() == ConfigType.Kind.SET;
        List<Node> items = new ArrayList<>();
        if (node == null) {
            return set ? Set0.EMPTY : List.of();
        }
        origins.put(key, node.origin());
        if (node instanceof Node.Scalar) {
            String text = ((Node.Scalar) node).text();
            if (text == null || text.isBlank()) {
                return set ? Set0.EMPTY : List.of(); // "tags=" in a flat source: an empty list
            }
            if (type.element().kind() != ConfigType.Kind.SCALAR) {
                error(key, node, type, "expected a list of " + type.element().displayName() + " but got a single value");
                return null;
            }
            for (String part : text.split(",", -1)) {
                items.add(new Node.Scalar(part.strip(), node.origin()));
            }
        } else if (node instanceof Node.Sequence) {
            items.addAll(((Node.Sequence) node).items());
        } else {
            Map<String, Node> entries = ((Node.Mapping) node).entries();
            TreeMap<Integer, Node> indexed = new TreeMap<>();
            for (Map.Entry<String, Node> e : entries.entrySet()) {
                if (!Trees.isIndex(e.getKey())) {
                    error(key, node, type, "expected a list but got a section with key '" + e.getKey() + "'");
                    return null;
                }
                indexed.put(Integer.parseInt(e.getKey()), e.getValue());
            }
            int expect = 0;
            for (Map.Entry<Integer, Node> e : indexed.entrySet()) {
                if (e.getKey() != expect) {
                    errors.add(new Violation(key + "[" + expect + "]", null, "list element " + expect
                            + " is missing (elements must be numbered 0, 1, 2, ... without gaps)", e.getValue().origin()));
                    return null;
                }
                items.add(e.getValue());
                expect++;
            }
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String k = key + "[" + i + "]";
            Node item = items.get(i);
            if (item instanceof Node.Scalar && ((Node.Scalar) item).text() == null) {
                error(k, item, type.element(), "list elements must not be null");
                continue;
            }
            Object v = bindValue(type.element(), item, k);
            if (v != null) {
                out.add(v);
            }
        }
        if (set) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(out));
        }
        return Collections.unmodifiableList(out);
    }

    /** Holder for an immutable empty ordered set. */
    private static final class Set0 {
        static final java.util.Set<Object> EMPTY = Collections.unmodifiableSet(new LinkedHashSet<>());
    }

    private Object bindMap(ConfigType type, Node node, String key) {
        if (node == null) {
            return Collections.unmodifiableMap(new LinkedHashMap<>());
        }
        origins.put(key, node.origin());
        if (node instanceof Node.Scalar && (((Node.Scalar) node).text() == null
                || ((Node.Scalar) node).text().isBlank())) {
            return Collections.unmodifiableMap(new LinkedHashMap<>()); // "limits=" in a flat source: empty map
        }
        if (!(node instanceof Node.Mapping)) {
            error(key, node, type, "expected a section of keys (" + type.displayName() + ") but got "
                    + (node instanceof Node.Sequence ? "a list" : "a single value"));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : ((Node.Mapping) node).entries().entrySet()) {
            String k = key + "." + e.getKey();
            if (e.getValue() instanceof Node.Scalar && ((Node.Scalar) e.getValue()).text() == null) {
                error(k, e.getValue(), type.element(), "map values must not be null");
                continue;
            }
            Object v = bindValue(type.element(), e.getValue(), k);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

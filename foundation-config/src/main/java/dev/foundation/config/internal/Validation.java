package dev.foundation.config.internal;

import dev.foundation.config.Origin;
import dev.foundation.config.Secret;
import dev.foundation.config.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Jakarta Validation on a bound record and applies {@link dev.foundation.config.DependsOn}: violations
 * become {@link Violation}s keyed by config key path, with the origin of the value and secrets masked.
 */
public final class Validation {

    private Validation() {
    }

    /**
     * Validates a bound record.
     *
     * @param validator the validator
     * @param type      the record's type
     * @param value     the record
     * @param prefix    the key prefix
     * @param origins   key to origin, from binding
     * @param skipKeys  keys that already failed to bind (their constraint violations are noise)
     * @return the violations, sorted by key
     */
    public static List<Violation> validate(Validator validator, ConfigType type, Object value, String prefix,
            Map<String, Origin> origins, Collection<String> skipKeys) {
        List<Violation> out = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        dependencies(type, value, prefix, origins, out, disabled);
        for (ConstraintViolation<Object> cv : validator.validate(value)) {
            String key = keyOf(prefix, cv.getPropertyPath());
            if (under(key, skipKeys) || under(key, disabled)) {
                continue;
            }
            boolean secret = isSecretKey(type, prefix, cv.getPropertyPath()) || cv.getInvalidValue() instanceof Secret;
            Object invalid = cv.getInvalidValue();
            String rendered;
            if (secret && invalid != null) {
                rendered = Secret.MASK;
            } else if (invalid == null || invalid instanceof Record || invalid instanceof Collection
                    || invalid instanceof Map || invalid instanceof Optional) {
                rendered = invalid == null ? "null" : null;
            } else {
                rendered = Scalars.render(invalid);
            }
            Origin origin = origins.get(key);
            if (origin == null && invalid != null) {
                origin = originOf(key, origins);
            }
            out.add(new Violation(key.isEmpty() ? type.raw().getSimpleName() : key, rendered, cv.getMessage(), origin));
        }
        out.sort(Comparator.comparing(Violation::key).thenComparing(Violation::message));
        return out;
    }

    static boolean under(String key, Collection<String> prefixes) {
        for (String p : prefixes) {
            if (key.equals(p) || key.startsWith(p + ".") || key.startsWith(p + "[")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The origin of a key or of its nearest parent.
     *
     * @param key     key path
     * @param origins known origins
     * @return the origin, or null
     */
    public static Origin originOf(String key, Map<String, Origin> origins) {
        String k = key;
        while (!k.isEmpty()) {
            Origin o = origins.get(k);
            if (o != null) {
                return o;
            }
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            if (cut <= 0) {
                break;
            }
            k = k.substring(0, cut);
        }
        return null;
    }

    /**
     * Converts a Jakarta property path to a key path: {@code endpoints[0].url}, {@code tags[1]},
     * {@code limits.orders}.
     *
     * @param prefix the key prefix
     * @param path   the property path
     * @return the key path
     */
    public static String keyOf(String prefix, Path path) {
        StringBuilder b = new StringBuilder(prefix);
        for (Path.Node n : path) {
            if (n.isInIterable()) {
                if (n.getIndex() != null) {
                    b.append('[').append(n.getIndex()).append(']');
                } else if (n.getKey() != null) {
                    b.append('.').append(n.getKey());
                }
            }
            if (n.getKind() == ElementKind.PROPERTY && n.getName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(n.getName());
            }
        }
        return b.toString();
    }

    private static boolean isSecretKey(ConfigType root, String prefix, Path path) {
        ConfigType t = root;
        for (Path.Node n : path) {
            if (t == null) {
                return false;
            }
            if (n.isInIterable() && t.kind() != ConfigType.Kind.RECORD) {
                t = t.element();
            }
            while (t != null && t.kind() == ConfigType.Kind.OPTIONAL) {
                t = t.element();
            }
            if (n.getKind() == ElementKind.PROPERTY && t != null && t.kind() == ConfigType.Kind.RECORD) {
                ConfigType.Property p = t.property(n.getName());
                t = p == null ? null : p.type();
            }
            if (t != null && t.isSecret()) {
                return true;
            }
        }
        return t != null && t.isSecret();
    }

    private static void dependencies(ConfigType type, Object value, String key, Map<String, Origin> origins,
            List<Violation> out, List<String> disabled) {
        if (value == null || !type.hasDependencies()) {
            return;
        }
        switch (type.kind()) {
            case RECORD:
                List<ConfigType.Property> props = type.properties();
                for (int i = 0; i < props.size(); i++) {
                    ConfigType.Property p = props.get(i);
                    String k = type.childKey(i, key);
                    List<String> off = new ArrayList<>();
                    for (String dep : p.dependsOn()) {
                        Object depValue = Flattener.component(type.property(dep), value);
                        if (!enabled(depValue)) {
                            off.add(dep + "=" + Scalars.render(depValue instanceof Optional
                                    ? ((Optional<?>) depValue).orElse(null) : depValue));
                        }
                    }
                    if (!off.isEmpty()) {
                        disabled.add(k);
                        Origin explicit = explicitOrigin(k, origins);
                        if (explicit != null) {
                            Object v = Flattener.component(p, value);
                            out.add(new Violation(k, p.type().isSecret() ? Secret.MASK : renderShort(v),
                                    "is set but has no effect: it depends on " + String.join(", ", off)
                                            + "; remove it or enable " + String.join(", ", p.dependsOn()), explicit));
                        }
                        continue;
                    }
                    dependencies(p.type(), Flattener.component(p, value), k, origins, out, disabled);
                }
                break;
            case OPTIONAL:
                ((Optional<?>) value).ifPresent(v -> dependencies(type.element(), v, key, origins, out, disabled));
                break;
            case LIST:
            case SET: {
                int i = 0;
                for (Object e : (Collection<?>) value) {
                    dependencies(type.element(), e, key + "[" + i++ + "]", origins, out, disabled);
                }
                break;
            }
            case MAP:
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    dependencies(type.element(), e.getValue(), key + "." + e.getKey(), origins, out, disabled);
                }
                break;
            default:
                break;
        }
    }

    private static String renderShort(Object v) {
        if (v instanceof Record || v instanceof Collection || v instanceof Map) {
            return null;
        }
        return Scalars.render(v instanceof Optional ? ((Optional<?>) v).orElse(null) : v);
    }

    private static Origin explicitOrigin(String key, Map<String, Origin> origins) {
        for (Map.Entry<String, Origin> e : origins.entrySet()) {
            String k = e.getKey();
            if ((k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["))
                    && e.getValue().kind() != Origin.Kind.DEFAULT) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Whether a dependency value counts as enabled.
     *
     * @param v the value
     * @return true for {@code true}, a present optional, a non-empty string or collection, any other non-null
     */
    static boolean enabled(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof Optional) {
            return ((Optional<?>) v).isPresent();
        }
        if (v instanceof CharSequence) {
            return ((CharSequence) v).length() > 0;
        }
        if (v instanceof Collection) {
            return !((Collection<?>) v).isEmpty();
        }
        if (v instanceof Map) {
            return !((Map<?, ?>) v).isEmpty();
        }
        return true;
    }
}

package dev.foundation.config.internal;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foundation.config.Secret;
import jakarta.validation.Constraint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Generates Markdown and JSON Schema (2020-12) documentation from a configuration record. */
public final class Docs {

    private static final Set<String> IGNORED_ATTRIBUTES = Set.of("message", "groups", "payload");

    private Docs() {
    }

    /** One documented key. */
    private record Row(String key, String type, String def, String constraints, String env, String dependsOn,
            boolean restart, String description) {
    }

    /**
     * The Markdown table.
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix
     * @return Markdown text ending in a newline
     */
    public static String markdown(Class<?> recordClass, String prefix) {
        ConfigType type = ConfigType.of(recordClass);
        List<Row> rows = new ArrayList<>();
        String envPrefix = prefix.isEmpty() ? null : EnvNames.envPrefix(prefix);
        rows(type, prefix, new ArrayList<>(), envPrefix, rows);
        StringBuilder b = new StringBuilder();
        b.append("# Configuration `").append(prefix.isEmpty() ? recordClass.getSimpleName() : prefix).append("`\n\n");
        dev.foundation.config.Description d = recordClass.getAnnotation(dev.foundation.config.Description.class);
        if (d != null) {
            b.append(d.value()).append("\n\n");
        }
        b.append("Generated from `").append(recordClass.getName()).append("`; do not edit by hand.\n\n");
        b.append("| Key | Type | Default | Constraints | Environment variable | Depends on | Description |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| `").append(r.key).append("` | ").append(cell(r.type)).append(" | ")
                    .append(r.def == null ? "" : "`" + cell(r.def) + "`").append(" | ").append(cell(r.constraints))
                    .append(" | ").append(r.env == null ? "" : "`" + r.env + "`").append(" | ")
                    .append(r.dependsOn == null ? "" : cell(r.dependsOn)).append(" | ")
                    .append(((r.restart ? "**Restart required.** " : "")
                            + (r.description == null ? "" : cell(r.description))).strip()).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static void rows(ConfigType type, String key, List<String> envSegs, String envPrefix, List<Row> out) {
        for (ConfigType.Property p : type.properties()) {
            String k = ConfigType.key(key, p.name());
            List<String> segs = new ArrayList<>(envSegs);
            segs.add(p.name());
            String deps = p.dependsOn().isEmpty() ? null : p.dependsOn().stream()
                    .map(n -> "`" + ConfigType.key(key, n) + "`").collect(Collectors.joining(", "));
            String def = p.defaultValue() == null ? null
                    : p.type().isSecret() ? Secret.MASK : p.defaultValue();
            String constraints = constraints(p.annotations().getAnnotations(), p.type());
            ConfigType t = p.type();
            while (t.kind() == ConfigType.Kind.OPTIONAL) {
                t = t.element();
            }
            boolean leafLike = t.kind() == ConfigType.Kind.SCALAR
                    || (t.kind() == ConfigType.Kind.LIST || t.kind() == ConfigType.Kind.SET)
                            && t.element().kind() == ConfigType.Kind.SCALAR
                    || t.kind() == ConfigType.Kind.MAP && t.element().kind() == ConfigType.Kind.SCALAR;
            String env = envPrefix == null ? null : EnvNames.nameOf(envPrefix,
                    t.kind() == ConfigType.Kind.MAP ? withTail(segs, "<key>") : segs);
            out.add(new Row(k, typeName(p.type()), def, constraints, leafLike ? env : null, deps,
                    p.restartRequired(), p.description()));
            switch (t.kind()) {
                case RECORD:
                    rows(t, k, segs, envPrefix, out);
                    break;
                case LIST:
                case SET:
                    if (t.element().kind() == ConfigType.Kind.RECORD) {
                        rows(t.element(), k + "[n]", withTail(segs, "<n>"), envPrefix, out);
                    }
                    break;
                case MAP:
                    if (t.element().kind() == ConfigType.Kind.RECORD) {
                        rows(t.element(), k + ".<key>", withTail(segs, "<key>"), envPrefix, out);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static List<String> withTail(List<String> segs, String tail) {
        List<String> out = new ArrayList<>(segs);
        out.add(tail);
        return out;
    }

    private static String typeName(ConfigType t) {
        if (t.raw() == Duration.class) {
            return "Duration (`500ms`, `30s`, `5m`, `PT30S`)";
        }
        if (t.raw() == Secret.class) {
            return "Secret (masked)";
        }
        if (t.raw().isEnum()) {
            return "enum (" + Arrays.stream(t.raw().getEnumConstants()).map(c -> "`" + ((Enum<?>) c).name() + "`")
                    .collect(Collectors.joining(", ")) + ")";
        }
        return t.displayName();
    }

    private static String constraints(Annotation[] declared, ConfigType type) {
        List<String> parts = new ArrayList<>();
        for (Annotation a : declared) {
            if (isConstraint(a)) {
                parts.add(render(a));
            }
        }
        if (type.annotated() instanceof AnnotatedParameterizedType) {
            AnnotatedType[] args = ((AnnotatedParameterizedType) type.annotated()).getAnnotatedActualTypeArguments();
            AnnotatedType elem = args[args.length - 1];
            List<String> el = new ArrayList<>();
            for (Annotation a : elem.getAnnotations()) {
                if (isConstraint(a) || a.annotationType() == jakarta.validation.Valid.class) {
                    el.add(render(a));
                }
            }
            if (!el.isEmpty()) {
                parts.add((type.kind() == ConfigType.Kind.MAP ? "values: " : "elements: ") + String.join(" ", el));
            }
        }
        return String.join(" ", parts);
    }

    private static boolean isConstraint(Annotation a) {
        return a.annotationType().isAnnotationPresent(Constraint.class)
                || a.annotationType() == jakarta.validation.Valid.class;
    }

    private static String render(Annotation a) {
        List<String> attrs = new ArrayList<>();
        Method[] methods = a.annotationType().getDeclaredMethods();
        Arrays.sort(methods, (x, y) -> x.getName().compareTo(y.getName()));
        for (Method m : methods) {
            if (IGNORED_ATTRIBUTES.contains(m.getName())) {
                continue;
            }
            try {
                Object v = m.invoke(a);
                Object d = m.getDefaultValue();
                if (d != null && (d.equals(v) || v.getClass().isArray() && Arrays.deepEquals(new Object[] {v},
                        new Object[] {d}))) {
                    continue;
                }
                String text = v instanceof String ? "\"" + v + "\"" : v.getClass().isArray()
                        ? Arrays.deepToString(new Object[] {v}) : String.valueOf(v);
                attrs.add(m.getName() + "=" + text);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + a, e);
            }
        }
        String args = attrs.size() == 1 && attrs.get(0).startsWith("value=") ? attrs.get(0).substring(6)
                : String.join(", ", attrs);
        return "`@" + a.annotationType().getSimpleName() + (attrs.isEmpty() ? "" : "(" + args + ")") + "`";
    }

    /**
     * The JSON Schema (draft 2020-12) of a file holding this configuration.
     *
     * @param recordClass the configuration record
     * @param prefix      the key prefix
     * @return pretty-printed JSON ending in a newline
     */
    public static String jsonSchema(Class<?> recordClass, String prefix) {
        ConfigType type = ConfigType.of(recordClass);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode inner = schema(type, null, null, f);
        ObjectNode root = inner;
        if (!prefix.isEmpty()) {
            String[] segs = prefix.split("\\.");
            for (int i = segs.length - 1; i >= 0; i--) {
                ObjectNode wrap = f.objectNode();
                wrap.put("type", "object");
                wrap.putObject("properties").set(segs[i], root);
                wrap.putArray("required").add(segs[i]);
                root = wrap;
            }
        }
        ObjectNode out = f.objectNode();
        out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        out.put("$id", "urn:foundation-config:" + recordClass.getName());
        out.put("title", "Configuration " + (prefix.isEmpty() ? recordClass.getSimpleName() : prefix));
        out.setAll(root);
        try {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(pp).writeValueAsString(out) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the schema", e);
        }
    }

    private static ObjectNode schema(ConfigType t, ConfigType.Property p, Annotation[] extra, JsonNodeFactory f) {
        ObjectNode s = f.objectNode();
        Annotation[] anns = p != null ? p.annotations().getAnnotations()
                : extra != null ? extra : new Annotation[0];
        if (p != null && p.description() != null) {
            s.put("description", p.description());
        }
        switch (t.kind()) {
            case RECORD: {
                s.put("type", "object");
                dev.foundation.config.Description d = t.raw().getAnnotation(dev.foundation.config.Description.class);
                if (d != null && !s.has("description")) {
                    s.put("description", d.value());
                }
                ObjectNode props = s.putObject("properties");
                ArrayNode required = f.arrayNode();
                for (ConfigType.Property c : t.properties()) {
                    props.set(c.name(), schema(c.type(), c, null, f));
                    boolean notNull = Arrays.stream(c.annotations().getAnnotations()).anyMatch(a ->
                            a instanceof NotNull || a instanceof NotBlank || a instanceof NotEmpty);
                    if (c.defaultValue() == null && (notNull || c.type().raw().isPrimitive())) {
                        required.add(c.name());
                    }
                }
                if (!required.isEmpty()) {
                    s.set("required", required);
                }
                s.put("additionalProperties", false);
                break;
            }
            case OPTIONAL:
                s.setAll(schema(t.element(), null, typeUse(t), f));
                break;
            case LIST:
            case SET:
                s.put("type", "array");
                s.set("items", schema(t.element(), null, typeUse(t), f));
                if (t.kind() == ConfigType.Kind.SET) {
                    s.put("uniqueItems", true);
                }
                break;
            case MAP:
                s.put("type", "object");
                s.set("additionalProperties", schema(t.element(), null, typeUse(t), f));
                break;
            default:
                scalar(t.raw(), s, f);
        }
        for (Annotation a : anns) {
            constraint(a, t, s);
        }
        if (p != null) {
            if (p.defaultValue() != null) {
                s.set("default", defaultNode(p, f));
            }
            if (!p.dependsOn().isEmpty()) {
                ArrayNode deps = s.putArray("x-depends-on");
                p.dependsOn().forEach(deps::add);
            }
            if (p.restartRequired()) {
                s.put("x-restart-required", true);
            }
        }
        return s;
    }

    private static Annotation[] typeUse(ConfigType t) {
        if (t.annotated() instanceof AnnotatedParameterizedType) {
            AnnotatedType[] args = ((AnnotatedParameterizedType) t.annotated()).getAnnotatedActualTypeArguments();
            return args[args.length - 1].getAnnotations();
        }
        return new Annotation[0];
    }

    private static com.fasterxml.jackson.databind.JsonNode defaultNode(ConfigType.Property p, JsonNodeFactory f) {
        String v = p.defaultValue();
        if (p.type().isSecret()) {
            return f.textNode(Secret.MASK);
        }
        ConfigType t = p.type();
        while (t.kind() == ConfigType.Kind.OPTIONAL) {
            t = t.element();
        }
        try {
            if (t.kind() == ConfigType.Kind.LIST || t.kind() == ConfigType.Kind.SET) {
                ArrayNode arr = f.arrayNode();
                if (!v.isBlank()) {
                    for (String part : v.split(",", -1)) {
                        arr.add(scalarNode(part.strip(), t.element().raw(), f));
                    }
                }
                return arr;
            }
            return scalarNode(v, t.raw(), f);
        } catch (Scalars.ConversionException e) {
            return f.textNode(v);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode scalarNode(String text, Class<?> c, JsonNodeFactory f)
            throws Scalars.ConversionException {
        Object o = Scalars.convert(text, c);
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return f.numberNode(((Number) o).longValue());
        }
        if (o instanceof Double || o instanceof Float) {
            return f.numberNode(((Number) o).doubleValue());
        }
        if (o instanceof BigDecimal) {
            return f.numberNode((BigDecimal) o);
        }
        if (o instanceof BigInteger) {
            return f.numberNode((BigInteger) o);
        }
        if (o instanceof Boolean) {
            return f.booleanNode((Boolean) o);
        }
        if (o instanceof Enum) {
            return f.textNode(((Enum<?>) o).name());
        }
        return f.textNode(text);
    }

    private static void scalar(Class<?> c, ObjectNode s, JsonNodeFactory f) {
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
                || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
            s.put("type", "integer");
        } else if (c == double.class || c == Double.class || c == float.class || c == Float.class
                || c == BigDecimal.class) {
            s.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object e : c.getEnumConstants()) {
                values.add(((Enum<?>) e).name());
            }
        } else if (c == Duration.class) {
            s.put("type", "string");
            s.put("pattern", "^(-?[0-9]+ *(ns|us|ms|s|m|h|d)|-?P.+)$");
        } else if (c == URI.class) {
            s.put("type", "string");
            s.put("format", "uri-reference");
        } else if (c == Secret.class) {
            s.put("type", "string");
            s.put("writeOnly", true);
        } else if (c == Path.class) {
            s.put("type", "string");
            s.put("minLength", 1);
        } else if (c == char.class || c == Character.class) {
            s.put("type", "string");
            s.put("minLength", 1);
            s.put("maxLength", 1);
        } else {
            s.put("type", "string");
        }
    }

    private static void constraint(Annotation a, ConfigType t, ObjectNode s) {
        boolean array = t.kind() == ConfigType.Kind.LIST || t.kind() == ConfigType.Kind.SET;
        boolean object = t.kind() == ConfigType.Kind.MAP;
        if (a instanceof Min) {
            s.put("minimum", ((Min) a).value());
        } else if (a instanceof Max) {
            s.put("maximum", ((Max) a).value());
        } else if (a instanceof DecimalMin) {
            s.put(((DecimalMin) a).inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(((DecimalMin) a).value()));
        } else if (a instanceof DecimalMax) {
            s.put(((DecimalMax) a).inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(((DecimalMax) a).value()));
        } else if (a instanceof Positive) {
            s.put("exclusiveMinimum", 0);
        } else if (a instanceof PositiveOrZero) {
            s.put("minimum", 0);
        } else if (a instanceof Negative) {
            s.put("exclusiveMaximum", 0);
        } else if (a instanceof NegativeOrZero) {
            s.put("maximum", 0);
        } else if (a instanceof Pattern) {
            s.put("pattern", ((Pattern) a).regexp());
        } else if (a instanceof Email) {
            s.put("format", "email");
        } else if (a instanceof NotBlank) {
            s.put("minLength", 1);
            s.put("pattern", s.has("pattern") ? s.get("pattern").asText() : "\\S");
        } else if (a instanceof NotEmpty) {
            s.put(array ? "minItems" : object ? "minProperties" : "minLength", 1);
        } else if (a instanceof Size) {
            Size z = (Size) a;
            String min = array ? "minItems" : object ? "minProperties" : "minLength";
            String max = array ? "maxItems" : object ? "maxProperties" : "maxLength";
            if (z.min() > 0) {
                s.put(min, z.min());
            }
            if (z.max() < Integer.MAX_VALUE) {
                s.put(max, z.max());
            }
        }
    }
}

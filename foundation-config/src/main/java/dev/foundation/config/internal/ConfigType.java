package dev.foundation.config.internal;

import dev.foundation.config.Default;
import dev.foundation.config.DependsOn;
import dev.foundation.config.Description;
import dev.foundation.config.RestartRequired;
import dev.foundation.config.Secret;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The shape of a configuration type, derived once by reflection from a record class. */
public final class ConfigType {

    /** What kind of value a type holds. */
    public enum Kind { RECORD, LIST, SET, MAP, OPTIONAL, SCALAR }

    private final Kind kind;
    private final Class<?> raw;
    private final AnnotatedType annotated;
    private final ConfigType element;
    private final List<Property> properties;
    private final Constructor<?> constructor;
    private final boolean hasDependencies;
    /** Per property, the last key built for it: {parent, parent.name} (a racy memo; a miss only rebuilds it). */
    private final AtomicReferenceArray<String[]> keyMemo;

    private ConfigType(Kind kind, Class<?> raw, AnnotatedType annotated, ConfigType element,
            List<Property> properties, Constructor<?> constructor) {
        this.kind = kind;
        this.raw = raw;
        this.annotated = annotated;
        this.element = element;
        this.properties = properties;
        this.constructor = constructor;
        boolean deps = element != null && element.hasDependencies;
        for (Property p : properties) {
            deps |= !p.dependsOn().isEmpty() || p.type().hasDependencies;
        }
        this.hasDependencies = deps;
        this.keyMemo = new AtomicReferenceArray<>(properties.size());
    }

    /**
     * One record component.
     *
     * @param name            the component name (the key segment)
     * @param type            its type
     * @param defaultValue    the {@link Default} text, or null
     * @param dependsOn       sibling names it depends on (empty when none)
     * @param restartRequired whether it is {@link RestartRequired}
     * @param description     the {@link Description}, or null
     * @param field           the record's private field (carries the declaration annotations)
     * @param component       the record component
     * @param accessor        the component's accessor as a handle of type {@code (Object)Object}
     * @param kebabName       the kebab-case alias ({@code poolSize} gives {@code pool-size}), or null when it
     *                        equals the name
     */
    public record Property(String name, ConfigType type, String defaultValue, List<String> dependsOn,
            boolean restartRequired, String description, Field field, RecordComponent component,
            MethodHandle accessor, String kebabName) {

        /**
         * The declaration annotations of the component (constraints included).
         *
         * @return the annotated element
         */
        public AnnotatedElement annotations() {
            return field;
        }
    }

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    /** Shapes are immutable and derived by reflection, so each class is analysed once. */
    private static final ClassValue<ConfigType> SHAPES = new ClassValue<>() {
        @Override
        protected ConfigType computeValue(Class<?> recordClass) {
            return recordType(recordClass, null, new HashSet<>(), recordClass.getSimpleName(), false);
        }
    };

    /**
     * Derives the shape of a record class (cached per class).
     *
     * @param recordClass the record class
     * @return its shape
     * @throws IllegalArgumentException when the class or one of its components is not supported
     */
    public static ConfigType of(Class<?> recordClass) {
        if (!recordClass.isRecord()) {
            throw new IllegalArgumentException("configuration type must be a record but was " + recordClass.getName());
        }
        return SHAPES.get(recordClass);
    }

    private static ConfigType recordType(Class<?> c, AnnotatedType annotated, Set<Class<?>> visiting, String path,
            boolean inContainer) {
        if (!visiting.add(c)) {
            throw new IllegalArgumentException("configuration record " + c.getName() + " contains itself at " + path
                    + "; recursive configuration types are not supported");
        }
        List<Property> props = new ArrayList<>();
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            types[i] = rc.getType();
            Field field;
            try {
                field = c.getDeclaredField(rc.getName());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("record " + c.getName() + " has no field " + rc.getName(), e);
            }
            String childPath = path + "." + rc.getName();
            ConfigType t = of(field.getAnnotatedType(), visiting, childPath, inContainer);
            Default d = rc.getAnnotation(Default.class);
            DependsOn dep = rc.getAnnotation(DependsOn.class);
            List<String> deps = dep == null ? List.of() : List.of(dep.value());
            for (String name : deps) {
                if (java.util.Arrays.stream(components).noneMatch(o -> o.getName().equals(name))) {
                    throw new IllegalArgumentException("@DependsOn(\"" + name + "\") on " + childPath
                            + " names no component of " + c.getSimpleName());
                }
            }
            boolean restart = rc.isAnnotationPresent(RestartRequired.class);
            if (restart && inContainer) {
                throw new IllegalArgumentException("@RestartRequired on " + childPath
                        + " is inside a list, set or map; put it on the collection's component instead");
            }
            Description desc = rc.getAnnotation(Description.class);
            java.lang.reflect.Method method = rc.getAccessor();
            MethodHandle accessor;
            try {
                method.setAccessible(true);
                // a handle, not Method.invoke: reflective calls through many accessors are megamorphic and slow
                accessor = MethodHandles.lookup().unreflect(method).asType(GETTER);
            } catch (RuntimeException | IllegalAccessException e) {
                throw new IllegalArgumentException("configuration record " + c.getName() + " is not accessible: "
                        + "open its package to dev.foundation.config (and org.hibernate.validator) in module-info", e);
            }
            props.add(new Property(rc.getName(), t, d == null ? null : d.value(), deps, restart,
                    desc == null ? null : desc.value(), field, rc, accessor, kebab(rc.getName())));
        }
        visiting.remove(c);
        Constructor<?> ctor;
        try {
            ctor = c.getDeclaredConstructor(types);
            ctor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + c.getName() + " has no canonical constructor", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration record " + c.getName() + " is not accessible: "
                    + "open its package to dev.foundation.config (and org.hibernate.validator) in module-info", e);
        }
        return new ConfigType(Kind.RECORD, c, annotated, null, List.copyOf(props), ctor);
    }

    private static ConfigType of(AnnotatedType annotated, Set<Class<?>> visiting, String path, boolean inContainer) {
        Type type = annotated.getType();
        if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            Class<?> raw = (Class<?>) p.getRawType();
            AnnotatedType[] args = ((java.lang.reflect.AnnotatedParameterizedType) annotated)
                    .getAnnotatedActualTypeArguments();
            if (raw == List.class || raw == Set.class || raw == Optional.class) {
                Kind k = raw == List.class ? Kind.LIST : raw == Set.class ? Kind.SET : Kind.OPTIONAL;
                ConfigType e = of(args[0], visiting, path + (k == Kind.OPTIONAL ? "" : "[]"),
                        inContainer || k != Kind.OPTIONAL);
                if (e.kind == Kind.OPTIONAL) {
                    throw new IllegalArgumentException(path + ": Optional inside " + raw.getSimpleName()
                            + " is not supported");
                }
                return new ConfigType(k, raw, annotated, e, List.of(), null);
            }
            if (raw == Map.class) {
                if (args[0].getType() != String.class) {
                    throw new IllegalArgumentException(path + ": map keys must be String but were "
                            + args[0].getType().getTypeName());
                }
                ConfigType v = of(args[1], visiting, path + ".<key>", true);
                return new ConfigType(Kind.MAP, raw, annotated, v, List.of(), null);
            }
            throw new IllegalArgumentException(path + ": unsupported type " + type.getTypeName());
        }
        if (type instanceof WildcardType || !(type instanceof Class)) {
            throw new IllegalArgumentException(path + ": unsupported type " + type.getTypeName());
        }
        Class<?> c = (Class<?>) type;
        if (c.isRecord()) {
            return recordType(c, annotated, visiting, path, inContainer);
        }
        if (c == List.class || c == Set.class || c == Map.class || c == Optional.class) {
            throw new IllegalArgumentException(path + ": raw " + c.getSimpleName() + " needs a type argument");
        }
        if (!isScalar(c)) {
            throw new IllegalArgumentException(path + ": unsupported type " + c.getName()
                    + " (supported: records, String, primitives and boxes, BigDecimal, BigInteger, enums, "
                    + "Duration, Path, URI, Secret, List, Set, Map<String, ?>, Optional)");
        }
        return new ConfigType(Kind.SCALAR, c, annotated, null, List.of(), null);
    }

    private static String kebab(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('-').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        String k = b.toString();
        return k.equals(name) ? null : k;
    }

    static boolean isScalar(Class<?> c) {
        return c.isPrimitive() && c != void.class || c == String.class || c == Integer.class || c == Long.class
                || c == Short.class || c == Byte.class || c == Double.class || c == Float.class
                || c == Boolean.class || c == Character.class || c == BigDecimal.class || c == BigInteger.class
                || c.isEnum() || c == Duration.class || c == Path.class || c == URI.class || c == Secret.class;
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the raw class */
    public Class<?> raw() {
        return raw;
    }

    /** @return the annotated type (type-use constraints), null for the root record */
    public AnnotatedType annotated() {
        return annotated;
    }

    /** @return the element type of a list, set or optional, or the value type of a map */
    public ConfigType element() {
        return element;
    }

    /** @return the components of a record, in declaration order */
    public List<Property> properties() {
        return properties;
    }

    /**
     * The key of a record's property under {@code parent}: {@code parent.name}, or the name when the parent is
     * the root. Returns the same string instance for repeated calls with the same parent, so that its hash is
     * computed once however many maps it keys.
     *
     * @param index  the property's index in {@link #properties()}
     * @param parent the record's key
     * @return the property's key
     */
    public String childKey(int index, String parent) {
        String[] memo = keyMemo.getAcquire(index);
        if (memo != null && memo[0].equals(parent)) {
            return memo[1];
        }
        String key = key(parent, properties.get(index).name());
        keyMemo.setRelease(index, new String[] {parent, key});
        return key;
    }

    /**
     * The key of {@code name} under {@code parent}: {@code parent.name}, or {@code name} at the root.
     *
     * @param parent the parent's key, empty at the root
     * @param name   the child's name
     * @return the child's key
     */
    public static String key(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /**
     * Whether a property of this type, or of a type inside it, has {@link DependsOn} dependencies.
     *
     * @return true when dependencies need checking
     */
    public boolean hasDependencies() {
        return hasDependencies;
    }

    /**
     * The component with this name, or null.
     *
     * @param name a component name
     * @return the property
     */
    public Property property(String name) {
        for (Property p : properties) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Creates a record from its component values.
     *
     * @param args component values in declaration order
     * @return the record
     * @throws java.lang.reflect.InvocationTargetException when the record's constructor throws
     */
    public Object construct(Object[] args) throws java.lang.reflect.InvocationTargetException {
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create " + raw.getName(), e);
        }
    }

    /**
     * Whether the type is a secret or contains one.
     *
     * @return true for {@link Secret} and containers of it
     */
    public boolean isSecret() {
        return raw == Secret.class || element != null && element.isSecret();
    }

    /**
     * A readable type name such as {@code List<Endpoint>}.
     *
     * @return the name
     */
    public String displayName() {
        switch (kind) {
            case LIST:
                return "List<" + element.displayName() + ">";
            case SET:
                return "Set<" + element.displayName() + ">";
            case OPTIONAL:
                return "Optional<" + element.displayName() + ">";
            case MAP:
                return "Map<String, " + element.displayName() + ">";
            default:
                return raw.getSimpleName();
        }
    }
}

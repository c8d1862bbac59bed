package dev.foundation.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a configuration value came from: a file and line, an environment variable, a system property, a
 * programmatic override or a {@link Default} annotation.
 *
 * @param kind   the kind of source
 * @param source the file path, variable or property name; empty for defaults
 * @param line   1-based line in a file, or 0 when not applicable
 */
public record Origin(Kind kind, String source, int line) {

    /** The kinds of source, lowest precedence first. */
    public enum Kind {
        /** A {@link Default} annotation on the record component. */
        DEFAULT,
        /** A YAML, JSON or {@code .properties} file. */
        FILE,
        /** An environment variable. */
        ENVIRONMENT,
        /** A Java system property. */
        SYSTEM_PROPERTY,
        /** A value given to the builder with {@code override(key, value)}. */
        OVERRIDE
    }

    /** The origin of every value that comes from a {@link Default} annotation. */
    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, "", 0);

    /**
     * Validates the components.
     *
     * @param kind   the kind of source
     * @param source the file path, variable or property name
     * @param line   1-based line, or 0
     */
    public Origin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0 but was " + line);
        }
    }

    /**
     * A place in a file.
     *
     * @param file the file
     * @param line 1-based line
     * @return the origin
     */
    public static Origin file(Path file, int line) {
        return new Origin(Kind.FILE, file.toString(), line);
    }

    /**
     * An environment variable.
     *
     * @param name the variable's name
     * @return the origin
     */
    public static Origin environment(String name) {
        return new Origin(Kind.ENVIRONMENT, name, 0);
    }

    /**
     * A system property.
     *
     * @param name the property's name
     * @return the origin
     */
    public static Origin systemProperty(String name) {
        return new Origin(Kind.SYSTEM_PROPERTY, name, 0);
    }

    /**
     * A programmatic override.
     *
     * @param key the overridden key
     * @return the origin
     */
    public static Origin override(String key) {
        return new Origin(Kind.OVERRIDE, key, 0);
    }

    /**
     * A short human form: {@code app.yml:4}, {@code env APP_POOL_SIZE}, {@code system property app.x},
     * {@code override app.x}, {@code default}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        switch (kind) {
            case DEFAULT:
                return "default";
            case FILE: {
                Path name = Path.of(source).getFileName();
                return (name == null ? source : name.toString()) + (line > 0 ? ":" + line : "");
            }
            case ENVIRONMENT:
                return "env " + source;
            case SYSTEM_PROPERTY:
                return "system property " + source;
            default:
                return "override " + source;
        }
    }
}

package dev.foundation.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The component only matters when a sibling component of the same record is enabled: a {@code boolean}
 * that is true, an {@code Optional} that is present, a collection or string that is not empty, or any other
 * value that is not null. While the dependency is enabled, the component is validated as usual; while it is
 * off, the component's constraints are skipped, and a value set explicitly (not by {@link Default}) is
 * reported as a violation, because it would silently have no effect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DependsOn {
    /**
     * The names of the sibling components this one depends on (all must be enabled).
     *
     * @return component names
     */
    String[] value();
}

package dev.foundation.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when no source gives one, written as it would be in a file:
 * {@code @Default("10")}, {@code @Default("30s")}, {@code @Default("a,b,c")} for a list. It is converted and
 * validated like any other value; its origin is {@link Origin#DEFAULT}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    /**
     * The default, as text.
     *
     * @return the default value
     */
    String value();
}

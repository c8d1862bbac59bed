package dev.foundation.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The component is read once at start (a listening port, a thread-pool size) and never changes live. A
 * reload or rollback that changes it is rejected, or, with {@link RestartRequiredPolicy#KEEP_CURRENT},
 * applied without it (the change then waits for a restart and is listed in
 * {@link Snapshot#pendingRestart()}). Allowed on components reached through records only, not inside lists
 * or maps.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface RestartRequired {
}

package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.Action;
import java.time.Duration;

/**
 * A shutdown hook as configured in the builder.
 *
 * @param name     name for logs
 * @param priority higher runs first
 * @param timeout  how long it may run
 * @param action   what it does
 * @param index    registration order, to keep equal priorities stable
 */
public record HookDefinition(String name, int priority, Duration timeout, Action action, int index) {
}

package dev.foundation.coordination.internal;

import dev.foundation.coordination.WorkFunction;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The work functions registered on one member, by task name. */
public final class WorkRegistry {

    private final ConcurrentMap<String, WorkFunction<?, ?>> functions = new ConcurrentHashMap<>();

    /**
     * Registers (or replaces) a function.
     *
     * @param taskName the task
     * @param function the function
     */
    public void register(String taskName, WorkFunction<?, ?> function) {
        functions.put(Objects.requireNonNull(taskName, "taskName"), Objects.requireNonNull(function, "function"));
    }

    /**
     * Removes a function if it is still the registered one.
     *
     * @param taskName the task
     * @param function the function
     */
    public void unregister(String taskName, WorkFunction<?, ?> function) {
        functions.remove(taskName, function);
    }

    /**
     * The function of a task.
     *
     * @param taskName the task
     * @return the function or {@code null}
     */
    public WorkFunction<?, ?> get(String taskName) {
        return functions.get(taskName);
    }

    /**
     * Describes a unit failure the same way on both backends.
     *
     * @param t the failure
     * @return the error text
     */
    public static String describe(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }
}

package dev.foundation.coordination.internal;

import dev.foundation.coordination.WorkFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The work functions registered on one member, by task name. Several registrants (coordinations on one member)
 * may register the same task: the latest live registration runs, and a registrant that unregisters removes only
 * its own registration, never another's.
 */
public final class WorkRegistry {

    /** One registration. */
    private record Entry(Object registrant, WorkFunction<?, ?> function) {
    }

    private final ConcurrentMap<String, List<Entry>> functions = new ConcurrentHashMap<>();

    /**
     * Registers (or, for the same registrant, replaces) a function.
     *
     * @param registrant who registers (its later {@link #unregister} removes only this registration)
     * @param taskName   the task
     * @param function   the function
     */
    public void register(Object registrant, String taskName, WorkFunction<?, ?> function) {
        Objects.requireNonNull(registrant, "registrant");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(function, "function");
        functions.compute(taskName, (k, list) -> {
            List<Entry> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.removeIf(e -> e.registrant() == registrant);
            next.add(new Entry(registrant, function));
            return List.copyOf(next);
        });
    }

    /**
     * Removes the registrant's function of a task, if any.
     *
     * @param registrant the registrant
     * @param taskName   the task
     */
    public void unregister(Object registrant, String taskName) {
        functions.computeIfPresent(taskName, (k, list) -> {
            List<Entry> next = new ArrayList<>(list);
            next.removeIf(e -> e.registrant() == registrant);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    /**
     * The function of a task: the latest registration still in place.
     *
     * @param taskName the task
     * @return the function or {@code null}
     */
    public WorkFunction<?, ?> get(String taskName) {
        List<Entry> list = functions.get(taskName);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1).function();
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

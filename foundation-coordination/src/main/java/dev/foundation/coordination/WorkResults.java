package dev.foundation.coordination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcomes of every unit of one {@code distribute} call, in the order the units were given.
 *
 * @param taskName the task
 * @param outcomes one outcome per unit
 * @param <R>      the result type
 */
public record WorkResults<R>(String taskName, List<UnitOutcome<R>> outcomes) {

    /**
     * Copies the outcomes.
     *
     * @param taskName the task
     * @param outcomes the outcomes
     */
    public WorkResults {
        Objects.requireNonNull(taskName, "taskName");
        outcomes = List.copyOf(outcomes);
    }

    /**
     * The results of the units that succeeded, by unit id, in unit order.
     *
     * @return the successful results
     */
    public Map<String, R> successes() {
        Map<String, R> map = new LinkedHashMap<>();
        for (UnitOutcome<R> o : outcomes) {
            if (o.succeeded()) {
                map.put(o.unitId(), o.result());
            }
        }
        return map;
    }

    /**
     * The outcomes of the units that failed or timed out.
     *
     * @return the failures
     */
    public List<UnitOutcome<R>> failures() {
        return outcomes.stream().filter(o -> !o.succeeded()).toList();
    }

    /**
     * Whether every unit succeeded.
     *
     * @return {@code true} if no unit failed
     */
    public boolean allSucceeded() {
        return outcomes.stream().allMatch(UnitOutcome::succeeded);
    }
}

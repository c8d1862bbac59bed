package dev.foundation.lifecycle.internal;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A state that changes only by compare-and-set along the transitions of a fixed table; a move the table
 * does not list is a bug in the caller and throws.
 *
 * @param <S> the states
 */
final class StateMachine<S extends Enum<S>> {

    private final AtomicReference<S> current;
    private final Map<S, Set<S>> transitions;

    /**
     * @param initial     the first state
     * @param transitions for each state, the states it may move to (a state missing from the map is final)
     */
    StateMachine(S initial, Map<S, Set<S>> transitions) {
        this.current = new AtomicReference<>(initial);
        Map<S, Set<S>> copy = new EnumMap<>(initial.getDeclaringClass());
        transitions.forEach((from, to) -> copy.put(from, to.isEmpty() ? EnumSet.noneOf(initial.getDeclaringClass())
                : EnumSet.copyOf(to)));
        this.transitions = copy;
    }

    S get() {
        return current.get();
    }

    /**
     * Moves from {@code from} to {@code to} if the state is {@code from} now.
     *
     * @return whether it moved (false: another thread moved first)
     * @throws IllegalStateException if the table has no such transition
     */
    boolean move(S from, S to) {
        Set<S> allowed = transitions.get(from);
        if (allowed == null || !allowed.contains(to)) {
            throw new IllegalStateException("no transition " + from + " -> " + to + " in " + transitions);
        }
        return current.compareAndSet(from, to);
    }

    @Override
    public String toString() {
        return String.valueOf(current.get());
    }
}

package dev.foundation.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    private enum S { A, B, C }

    private final StateMachine<S> machine = new StateMachine<>(S.A, Map.of(S.A, EnumSet.of(S.B), S.B, EnumSet.of(S.C)));

    @Test
    void move_followsTheTable_onlyFromTheCurrentState() {
        assertThat(machine.move(S.B, S.C)).as("not in B yet").isFalse();
        assertThat(machine.get()).isEqualTo(S.A);
        assertThat(machine.move(S.A, S.B)).isTrue();
        assertThat(machine.move(S.A, S.B)).as("already moved").isFalse();
        assertThat(machine.move(S.B, S.C)).isTrue();
        assertThat(machine.get()).isEqualTo(S.C);
    }

    @Test
    void move_notInTheTable_throws_evenFromTheCurrentState() {
        assertThatThrownBy(() -> machine.move(S.A, S.C)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no transition A -> C in ");
        assertThatThrownBy(() -> machine.move(S.C, S.A)).as("C is final").isInstanceOf(IllegalStateException.class);
        assertThat(machine.get()).isEqualTo(S.A);
    }
}

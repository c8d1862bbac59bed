package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {

    record In(String v) {}

    @Test
    void build_rejectsCycle_namingItsSteps() {
        assertThatThrownBy(() -> Workflow.define("w", In.class)
                .step("a", c -> null, s -> s.after("c"))
                .step("b", c -> null, s -> s.after("a"))
                .step("c", c -> null, s -> s.after("b"))
                .step("d", c -> null)
                .build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("workflow 'w' v1 is invalid")
                .hasMessageMatching(".*cycle (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c).*");
    }

    @Test
    void build_rejectsSelfDependency() {
        assertThatThrownBy(() -> Workflow.define("w", In.class).step("a", c -> null, s -> s.after("a")).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("cycle a -> a");
    }

    @Test
    void build_rejectsUnknownPredecessor_andDuplicates_allInOneMessage() {
        assertThatThrownBy(() -> Workflow.define("w", In.class)
                .step("a", c -> null)
                .step("a", c -> null)
                .step("ship", c -> null, s -> s.after("chrge"))
                .build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("duplicate step names [a]")
                .hasMessageContaining("step 'ship' comes after unknown step 'chrge'");
    }

    @Test
    void build_withSeveralFaults_namesEveryOne_cyclesIncluded() {
        assertThatThrownBy(() -> Workflow.define("w", In.class)
                .step("a", c -> null)
                .step("a", c -> null)
                .step("ship", c -> null, s -> s.after("chrge", "pack"))
                .step("pack", c -> null, s -> s.after("label", "nowhere"))
                .step("label", c -> null, s -> s.after("pack"))
                .step("x", c -> null, s -> s.after("x"))
                .step("after-cycle", c -> null, s -> s.after("label"))
                .build())
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("duplicate step names [a]")
                .hasMessageContaining("step 'ship' comes after unknown step 'chrge'")
                .hasMessageContaining("step 'pack' comes after unknown step 'nowhere'")
                .hasMessageMatching(".*cycle (pack -> label -> pack|label -> pack -> label).*")
                .hasMessageContaining("cycle x -> x")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage().split("cycle ", -1))
                        .as("exactly two cycles: steps after a cycle are not reported as cycles").hasSize(3));
    }

    @Test
    void build_rejectsEmptyDefinition() {
        assertThatThrownBy(() -> Workflow.define("w", In.class).build())
                .isInstanceOf(WorkflowDefinitionException.class).hasMessageContaining("no steps");
    }

    @Test
    void build_ordersStepsTopologically_andExposesSuccessors() {
        WorkflowDefinition<In> d = Workflow.define("w", In.class).version(3)
                .step("ship", c -> null, s -> s.after("charge", "email"))
                .step("email", c -> null, s -> s.after("reserve"))
                .step("charge", c -> null, s -> s.after("reserve"))
                .step("reserve", c -> null)
                .build();
        assertThat(d.version()).isEqualTo(3);
        assertThat(d.topologicalOrder().get(0)).isEqualTo("reserve");
        assertThat(d.topologicalOrder().get(3)).isEqualTo("ship");
        assertThat(d.successors("reserve")).containsExactlyInAnyOrder("email", "charge");
        assertThat(d.successors("ship")).isEmpty();
    }

    @Test
    void builders_validateArgumentsEagerly() {
        assertThatThrownBy(() -> Workflow.define(" ", In.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name must not be blank");
        assertThatThrownBy(() -> Workflow.define("w", In.class).version(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version must be >= 1 but was 0");
        assertThatThrownBy(() -> Workflow.define("w", In.class).step("a", c -> null,
                s -> s.timeout(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be > 0 but was PT0S");
        assertThatThrownBy(() -> Retry.exponential(Duration.ofMillis(10), 0.5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be >= 1 but was 0.5");
        assertThatThrownBy(() -> Retry.fixed(Duration.ofMillis(10), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1 but was 0");
        assertThatThrownBy(() -> Retry.none().withJitter(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jitter must be in [0, 1) but was 1.0");
        assertThatThrownBy(() -> Query.all().limit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be in [1, 10000] but was 0");
        assertThatThrownBy(() -> WorkflowEngine.builder().parallelism(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parallelism must be >= 1 but was -3");
        assertThatThrownBy(() -> WorkflowEngine.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a store is required");
        assertThatThrownBy(() -> new SqliteOptions(SqliteOptions.Synchronous.FULL, -3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchSize must be >= 1 but was -3");
    }

    @Test
    void retry_neverRetriesNonRetryable_andHonoursThePredicate() {
        Retry r = Retry.exponential(Duration.ofMillis(10), 2.0, 3).retryOn(e -> e instanceof IllegalStateException);
        assertThat(r.isRetryable(new IllegalStateException())).isTrue();
        assertThat(r.isRetryable(new IllegalArgumentException())).isFalse();
        assertThat(r.isRetryable(new NonRetryableException("x"))).isFalse();
        class Declined extends IllegalStateException implements NonRetryable {
            private static final long serialVersionUID = 1L;
        }
        assertThat(r.isRetryable(new Declined())).isFalse();
    }
}

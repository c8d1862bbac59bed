package dev.foundation.coordination.internal;

import dev.foundation.coordination.WorkFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two coordinations on one member share its registry without overwriting or removing each other's functions. */
class WorkRegistryTest {

    private final Object first = new Object();
    private final Object second = new Object();
    private final WorkFunction<String, String> one = unit -> "one";
    private final WorkFunction<String, String> two = unit -> "two";

    @Test
    void unregister_removesOnlyTheRegistrantsOwnFunction_andTheEarlierOneRunsAgain() {
        WorkRegistry registry = new WorkRegistry();
        registry.register(first, "task", one);
        registry.register(second, "task", two);
        assertThat(registry.get("task")).isSameAs(two);
        registry.unregister(second, "task");
        assertThat(registry.get("task")).isSameAs(one);
        registry.unregister(second, "task");
        assertThat(registry.get("task")).isSameAs(one);
        registry.unregister(first, "task");
        assertThat(registry.get("task")).isNull();
    }

    @Test
    void register_again_replacesOnlyTheSameRegistrantsFunction() {
        WorkRegistry registry = new WorkRegistry();
        registry.register(first, "task", one);
        registry.register(second, "task", two);
        registry.register(first, "task", two);
        registry.unregister(first, "task");
        assertThat(registry.get("task")).isSameAs(two);
        registry.unregister(second, "task");
        assertThat(registry.get("task")).isNull();
    }
}

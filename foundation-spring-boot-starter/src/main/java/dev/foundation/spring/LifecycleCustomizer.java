package dev.foundation.spring;

import dev.foundation.lifecycle.LifecycleBuilder;

/**
 * Adds to the Foundation {@code Lifecycle} the starter builds: components with options (dependencies,
 * timeouts, restart policies, health checks), shutdown hooks, listeners. Declare it as a bean.
 */
@FunctionalInterface
public interface LifecycleCustomizer {

    /**
     * Customizes the builder before it builds.
     *
     * @param builder the builder, which already has the Foundation beans of the context as components
     */
    void customize(LifecycleBuilder builder);
}

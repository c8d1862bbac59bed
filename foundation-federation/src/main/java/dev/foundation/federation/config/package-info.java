/**
 * Optional integration with foundation-config: {@link dev.foundation.federation.config.ConfigWeights} keeps a
 * federation's weights equal to what a hot-reloaded configuration says. Needs {@code foundation-config} on the
 * class path (an optional dependency of this module: add it to the application to use this package; without it,
 * code using this package does not compile).
 */
package dev.foundation.federation.config;

/**
 * JMH benchmarks, one package per group ({@code benchmarks/run <group>} runs package
 * {@code dev.foundation.benchmarks.<group without dashes>}).
 *
 * <p>Naming convention that {@link dev.foundation.benchmarks.Report} relies on: in a benchmark class, the
 * method {@code foundation_<case>} measures Foundation and each {@code <anchor>_<case>} measures the library a
 * user would otherwise pick doing the same work, so that the report can print their ratio.
 */
package dev.foundation.benchmarks;

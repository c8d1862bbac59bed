/**
 * Benchmark group {@code workflow}: durable workflow steps per second on the embedded SQLite store, against
 * plain function calls and a plain JDBC insert-per-step.
 */
package dev.foundation.benchmarks.workflow;

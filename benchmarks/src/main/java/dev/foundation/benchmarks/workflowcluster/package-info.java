/**
 * Benchmark group {@code workflow-cluster}: durable workflow steps per second in cluster mode, with 1, 2 and 3
 * engine nodes, each in its own JVM, sharing one PostgreSQL schema, against a plain JDBC insert-per-step on the
 * same database. Not a JMH benchmark: {@link dev.foundation.benchmarks.workflowcluster.ClusterStepsRun} starts
 * the node JVMs and measures rounds itself ({@code benchmarks/run workflow-cluster} runs it).
 *
 * <p>Needs a PostgreSQL server named by {@code FOUNDATION_TEST_POSTGRES_URL}, {@code _USER} and
 * {@code _PASSWORD}; {@code benchmarks/run workflow-cluster} starts a throwaway one when the URL is unset.
 */
package dev.foundation.benchmarks.workflowcluster;

/**
 * Benchmark group {@code workflow-cluster}: durable workflow steps per second in cluster mode, with 1, 2 and 3
 * engines (nodes) sharing one PostgreSQL schema, against a plain JDBC insert-per-step on the same database.
 *
 * <p>Needs a PostgreSQL server named by {@code FOUNDATION_TEST_POSTGRES_URL}, {@code _USER} and
 * {@code _PASSWORD}; {@code benchmarks/run workflow-cluster} starts a throwaway one when the URL is unset.
 */
package dev.foundation.benchmarks.workflowcluster;

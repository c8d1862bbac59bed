/**
 * Benchmark group {@code federation}: the cost of one federated call (selection, breaker, bulkhead, in-flight
 * accounting) against a plain round robin over an array, and the p99 latency of calls over four pools, one of them
 * slow, with the least-loaded strategy against round robin.
 */
package dev.foundation.benchmarks.federation;

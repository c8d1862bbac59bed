/**
 * Benchmark group {@code events-durable}: append throughput and publish-to-durable latency of Foundation's
 * partition log ({@code foundation_*}) against Chronicle Queue doing the same appends without fsync
 * ({@code chronicle_*}) and against a raw {@code FileChannel.write} + {@code force} group commit with the same
 * batching ({@code raw_*}).
 */
package dev.foundation.benchmarks.eventsdurable;

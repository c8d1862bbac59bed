/**
 * Benchmark group {@code audit}: audit records per second on a hash-chained, group-committed trail
 * ({@code foundation_*}) against publishing payloads of the same size to the plain durable stream it is built on
 * ({@code stream_*}), and encrypt + decrypt of 1 KiB through {@code AuditCodecs.encrypted} against raw
 * {@code javax.crypto} AES-GCM ({@code raw_*}).
 */
package dev.foundation.benchmarks.audit;

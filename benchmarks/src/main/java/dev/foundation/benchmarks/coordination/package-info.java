/**
 * Benchmark group {@code coordination}: Foundation's fenced locks and counters against raw Hazelcast
 * ({@code IMap.lock/unlock}, {@code IMap.executeOnKey}) on the same single member, and the local backend against
 * {@link java.util.concurrent.locks.ReentrantLock}.
 */
package dev.foundation.benchmarks.coordination;

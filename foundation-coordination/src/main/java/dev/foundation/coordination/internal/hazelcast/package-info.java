/**
 * The Hazelcast backend: lease records changed by entry processors (deterministic backups), counters in a map,
 * PN-counters, and work units on a partition-aware executor. Not exported.
 */
package dev.foundation.coordination.internal.hazelcast;

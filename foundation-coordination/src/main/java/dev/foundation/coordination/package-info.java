/**
 * Foundation coordination: distributed locks with leases, renewal and fencing tokens; leader election with
 * failover; linearizable and eventually consistent counters; and work split across cluster members.
 *
 * <p>Start with {@link dev.foundation.coordination.Coordination}: {@code Coordination.local()} inside one JVM, or
 * {@code Coordination.hazelcast(hz, CoordinationConfig.defaults())} over a Hazelcast cluster whose members were
 * started with {@link dev.foundation.coordination.HazelcastMembers}. Both backends behave the same and are tested
 * with one behavioural test kit.
 *
 * <p>Hazelcast's open-source edition has no CP subsystem (Raft), so leases are records in Hazelcast maps changed
 * only by entry processors on the partition owner, each with a synchronous backup; the fencing token of a lock is
 * incremented in the same entry operation that grants it. That survives member crashes, not every network
 * partition: writes must be fenced ({@link dev.foundation.coordination.FencedResource}) and a minimum cluster size
 * ({@link dev.foundation.coordination.CoordinationConfig#minimumClusterSize()}) makes a minority refuse. The
 * module's README section states exactly what holds under a crash and under a partition.
 */
package dev.foundation.coordination;

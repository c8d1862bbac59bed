/**
 * A federation's membership shared across a Hazelcast cluster: {@link dev.foundation.federation.cluster.ClusterMembership}.
 * Optional: needs {@code com.hazelcast:hazelcast} on the class path.
 */
package dev.foundation.federation.cluster;

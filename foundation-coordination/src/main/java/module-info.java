/**
 * Foundation coordination: fenced distributed locks, leader election, counters and work distribution, on a
 * local (single JVM) or a Hazelcast backend. See {@link dev.foundation.coordination}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // HazelcastInstance and MeterRegistry are in the API; neither ships module-info
module dev.foundation.coordination {
    requires transitive com.hazelcast.core;
    requires transitive micrometer.core;
    requires org.slf4j;
    requires dev.foundation.core; // Backoff (core's Jackson stays optional)

    exports dev.foundation.coordination;
    // Hazelcast instantiates the entry processors, tasks and records of this package reflectively.
    opens dev.foundation.coordination.internal to com.hazelcast.core;
    opens dev.foundation.coordination.internal.hazelcast to com.hazelcast.core;
}

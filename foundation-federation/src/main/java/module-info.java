/**
 * Foundation federation: named federations of resource pools with weighted, least-loaded, power-of-two and
 * locality-aware selection, failover through Resilience4j circuit breakers and bulkheads, outlier ejection
 * and runtime membership. See {@link dev.foundation.federation}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Resilience4j and Micrometer ship no module-info
module dev.foundation.federation {
    requires transitive io.github.resilience4j.circuitbreaker;
    requires transitive micrometer.core;
    requires dev.foundation.core; // Backoff
    requires io.github.resilience4j.bulkhead;
    requires io.github.resilience4j.core;
    requires org.slf4j;
    requires static transitive dev.foundation.config; // optional: only dev.foundation.federation.config needs it
    requires static transitive com.hazelcast.core; // optional: only dev.foundation.federation.cluster needs it

    exports dev.foundation.federation;
    exports dev.foundation.federation.config;
    exports dev.foundation.federation.cluster;
}

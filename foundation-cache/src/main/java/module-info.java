/**
 * Foundation cache: a tiered cache (L1 Caffeine, L2 local SQLite, L3 Hazelcast) under one expiry, with
 * load coalescing, dependency and tag invalidation across tiers and nodes, scheduled warmers, graceful
 * degradation and per-tier statistics. See {@link dev.foundation.cache}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Hazelcast, Resilience4j and Micrometer types are in the API; they ship no module-info
module dev.foundation.cache {
    requires transitive dev.foundation.core;
    requires transitive dev.foundation.coordination;
    requires transitive com.hazelcast.core;
    requires transitive io.github.resilience4j.circuitbreaker;
    requires transitive micrometer.core;
    requires io.github.resilience4j.core;
    requires com.github.benmanes.caffeine;
    requires org.xerial.sqlitejdbc;
    requires java.sql;
    requires org.slf4j;

    exports dev.foundation.cache;
}

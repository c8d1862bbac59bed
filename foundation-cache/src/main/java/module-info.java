/**
 * Foundation cache: a tiered cache (L1 Caffeine, L2 local SQLite, L3 Hazelcast) under one expiry, with
 * load coalescing, dependency and tag invalidation across tiers and nodes, scheduled warmers, graceful
 * degradation and per-tier statistics. See {@link dev.foundation.cache}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Hazelcast, Resilience4j and Micrometer types are in the API; they ship no module-info
module dev.foundation.cache {
    requires transitive dev.foundation.core;
    // the JSON codecs of foundation-core, which has Jackson as an optional dependency
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires transitive micrometer.core;
    // optional: L3 (Hazelcast, Resilience4j) and the coordination warmer lock; an L1/L2 cache loads none of them
    requires static transitive dev.foundation.coordination;
    requires static transitive com.hazelcast.core;
    requires static transitive io.github.resilience4j.circuitbreaker;
    requires static io.github.resilience4j.core;
    requires com.github.benmanes.caffeine;
    requires org.xerial.sqlitejdbc;
    requires java.sql;
    requires org.slf4j;

    exports dev.foundation.cache;
}

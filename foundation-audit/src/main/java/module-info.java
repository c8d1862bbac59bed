/**
 * Foundation audit: a tamper-evident (hash-chained, HMAC-signed) audit trail on a durable foundation-events
 * stream, an AES-GCM encryption codec with key rotation, access policies, per-identity rate limits and
 * anomalous-access detection. See {@link dev.foundation.audit}.
 */
// Micrometer, Resilience4j and Caffeine's use here: MeterRegistry is in the builders' API; Micrometer and
// Resilience4j ship no module-info (automatic modules).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.foundation.audit {
    requires transitive dev.foundation.core;
    requires transitive dev.foundation.events;
    requires transitive micrometer.core;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.core;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.foundation.audit;
}

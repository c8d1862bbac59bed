/**
 * Security and audit building blocks for applications built on Foundation.
 *
 * <h2>Audit trail</h2>
 * {@link dev.foundation.audit.AuditTrail} appends {@link dev.foundation.audit.AuditRecord}s (actor, operation,
 * resource, {@link dev.foundation.audit.Outcome}, attributes) to a durable foundation-events stream with group
 * commit. Each stored record carries the SHA-256 of the record before it, so the trail is a hash chain; every
 * {@code checkpointEvery} records (and on close) a checkpoint signed with HMAC-SHA256 under the current key id
 * of a {@link dev.foundation.audit.Keyring} seals the chain so far. {@link dev.foundation.audit.AuditTrail#verify()}
 * walks the chain and returns a {@link dev.foundation.audit.VerificationReport} naming the first
 * {@link dev.foundation.audit.BrokenLink} (offset, expected, found): an altered, deleted, inserted or reordered
 * record breaks a link or a signature. Records removed from the <em>end</em> break nothing in the chain itself:
 * keep a {@link dev.foundation.audit.ChainHead} elsewhere and pass it to
 * {@link dev.foundation.audit.AuditTrail#verify(ChainHead)}. {@link dev.foundation.audit.AuditVerifier} does the
 * same from the command line on a directory, without modifying it. Retention deletes whole segments; the chain
 * stays verifiable from the oldest retained checkpoint. Queries ({@link dev.foundation.audit.AuditQuery}) use an
 * in-memory index; {@link dev.foundation.audit.AuditTrail#export} writes JSON Lines or CSV.
 *
 * <h2>Encryption</h2>
 * {@link dev.foundation.audit.AuditCodecs#encrypted(dev.foundation.core.Codec, Keyring)} wraps any
 * {@link dev.foundation.core.Codec} with AES-GCM: a random 96-bit nonce per value, the key id in the header
 * (authenticated), new values under the keyring's current key, old values decrypting with the key they name.
 * Keys come from a {@link dev.foundation.audit.KeyProvider} or bytes/Base64; they are never logged. A missing or
 * wrong key fails with a {@link dev.foundation.audit.DecryptionException} naming the key id.
 *
 * <h2>Access policy, rate limits, anomalies</h2>
 * {@link dev.foundation.audit.AccessPolicy} evaluates role permissions on resource glob patterns with attribute
 * conditions, denying by default and auditing decisions. {@link dev.foundation.audit.IdentityRateLimiter} gives
 * each identity its own Resilience4j {@code RateLimiter} in a Caffeine-bounded registry and audits rejections.
 * {@link dev.foundation.audit.AccessAnomalyDetector} flags actors whose request or denial rate jumps (EWMA, a
 * threshold, a minimum of samples) as {@link dev.foundation.audit.AccessAnomaly} events on a stream.
 *
 * <h2>Auditing other modules</h2>
 * {@link dev.foundation.audit.ModuleAuditor} records configuration changes (secrets masked), lock and leadership
 * grants and losses, workflow starts, cancellations and compensations, and cache invalidations; the application
 * calls it from those modules' listeners, so foundation-audit depends on none of them.
 *
 * <h2>Errors and metrics</h2>
 * {@link dev.foundation.audit.AuditException} is the module's exception root. Builders accept a Micrometer
 * {@code MeterRegistry}; meters are named {@code foundation.audit.*} (see the README).
 */
package dev.foundation.audit;

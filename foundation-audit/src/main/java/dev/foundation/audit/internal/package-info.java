/**
 * foundation-audit's implementation: the record format and hash chain, the trail over a durable stream, its
 * index, the verifier, the cipher, the policy evaluator, the rate limiters and the anomaly detector. Not
 * exported; nothing outside the module may use it.
 */
package dev.foundation.audit.internal;

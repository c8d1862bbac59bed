package dev.foundation.examples.audit;

import dev.foundation.audit.AccessPolicy;
import dev.foundation.audit.AccessRequest;
import dev.foundation.audit.AuditCodecs;
import dev.foundation.audit.AuditQuery;
import dev.foundation.audit.AuditTrail;
import dev.foundation.audit.AuditVerifier;
import dev.foundation.audit.ChainHead;
import dev.foundation.audit.Condition;
import dev.foundation.audit.Decision;
import dev.foundation.audit.ExportFormat;
import dev.foundation.audit.IdentityRateLimiter;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.Outcome;
import dev.foundation.audit.Rule;
import dev.foundation.audit.VerificationReport;
import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import dev.foundation.examples.Example;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** foundation-audit: a hash-chained trail, verification, queries, export, encryption, policy, rate limits. */
public final class AuditExample implements Example {

    /** A sensitive value to store encrypted. */
    public record Card(String holder, String number) {}

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String description() {
        return "foundation-audit: hash-chained signed trail, verify, query/export, AES-GCM codec, policy, rate limits";
    }

    private static byte[] newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Override
    public void run(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("foundation-audit");
        System.out.println("data directory: " + dir);
        byte[] keyBytes = newKey(); // in production: from a KeyProvider (secrets manager, KMS) or Base64 config
        // snippet:audit
        Keyring keys = Keyring.builder().key("2026-12", keyBytes).build();
        ChainHead anchor;
        try (AuditTrail trail = AuditTrail.builder(dir).keyring(keys).checkpointEvery(1000).build()) {
            // who did what to which resource; durable (group commit) once the stage completes
            trail.record("alice", "orders.read", "orders/42", Outcome.SUCCESS, Map.of("ip", "10.0.0.7"))
                    .toCompletableFuture().join();

            // access decisions, deny by default, each one recorded in the trail
            AccessPolicy policy = AccessPolicy.builder()
                    .role("clerk", Rule.on("orders.*", "orders/**"))
                    .role("auditor", Rule.on("read", "reports/*").when(Condition.attributeEquals("mfa", "true")))
                    .deny(Rule.on("*", "orders/archive/**"))
                    .auditTo(trail).build();
            Decision d = policy.evaluate(AccessRequest.of("bob", Set.of("clerk"), "orders.delete", "orders/archive/7"));
            System.out.println("bob deletes orders/archive/7: " + d);

            // per-identity rate limits; rejections are recorded with outcome RATE_LIMITED
            IdentityRateLimiter limits = IdentityRateLimiter.builder().limitForPeriod(2)
                    .limitRefreshPeriod(Duration.ofMinutes(1)).auditTo(trail).build();
            for (int i = 0; i < 3; i++) {
                System.out.println("carol request " + i + " permitted: " + limits.tryAcquire("carol", "search", "orders"));
            }

            trail.checkpoint().toCompletableFuture().join();       // a signed checkpoint now (also every 1000 records)
            VerificationReport report = trail.verify();
            System.out.println("verify: " + report);
            System.out.println("bob's records: " + trail.query(AuditQuery.all().actor("bob")));
            StringWriter csv = new StringWriter();
            trail.export(Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(1), ExportFormat.CSV, csv);
            System.out.print(csv);
            anchor = trail.head();                                // keep it elsewhere to detect truncation
        }
        // the command-line verifier's check, on a closed (or live) trail directory; it never modifies it
        System.out.println("offline verify: " + AuditVerifier.verify(dir, "audit", keys, anchor));

        // AES-GCM around any codec: random nonce per value, key id in the header, rotation without re-encryption
        Codec<Card> cards = AuditCodecs.encrypted(Codecs.json(Card.class), keys);
        byte[] stored = cards.encode(new Card("Alice", "4111 1111 1111 1111"));
        keys.add("2027-01", newKey());                           // rotate: new writes use 2027-01
        System.out.println("decrypted with the rotated keyring: " + cards.decode(stored) + " (" + stored.length
                + " bytes on disk, " + keys + ")");
        // end-snippet
    }
}

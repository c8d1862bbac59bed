package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessPolicyTest {

    @TempDir
    Path dir;

    private final AccessPolicy policy = AccessPolicy.builder()
            .role("reader", Rule.on("read", "orders/**"))
            .role("clerk", Rule.on("write", "orders/*")
                    .when(Condition.attributesMatch("subject.region", "resource.region")))
            .role("admin", Rule.on("*", "**"))
            .deny(Rule.on("*", "orders/archive/**"))
            .build();

    @Test
    void evaluate_grantsByRolePatternAndCondition_deniesByDefault() {
        assertThat(policy.evaluate(AccessRequest.of("alice", Set.of("reader"), "read", "orders/eu/42")).allowed())
                .isTrue();
        assertThat(policy.evaluate(AccessRequest.of("alice", Set.of("reader"), "write", "orders/42")).allowed())
                .isFalse();
        assertThat(policy.evaluate(AccessRequest.of("alice", Set.of(), "read", "orders/1")).reason())
                .isEqualTo("no rule allows it");
        AccessRequest write = AccessRequest.of("bob", Set.of("clerk"), "write", "orders/7");
        assertThat(policy.evaluate(write.withAttributes(Map.of("subject.region", "eu", "resource.region", "eu")))
                .allowed()).isTrue();
        assertThat(policy.evaluate(write.withAttributes(Map.of("subject.region", "eu", "resource.region", "us")))
                .allowed()).isFalse();
        assertThat(policy.evaluate(write).allowed()).as("a missing attribute fails the condition").isFalse();
        // '*' stays within a segment
        assertThat(policy.evaluate(AccessRequest.of("bob", Set.of("clerk"), "write", "orders/eu/7")
                .withAttributes(Map.of("subject.region", "eu", "resource.region", "eu"))).allowed()).isFalse();
    }

    @Test
    void denyRule_overridesEveryGrant() {
        Decision d = policy.evaluate(AccessRequest.of("root", Set.of("admin", "reader"), "read", "orders/archive/2020/1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("denied by rule * on orders/archive/**");
        assertThat(AccessPolicy.builder().build().evaluate(AccessRequest.of("a", Set.of("admin"), "read", "x"))
                .allowed()).isFalse();
    }

    @Test
    void decisions_areAudited() {
        try (AuditTrail trail = AuditTrail.builder(dir).keyring(TestKeys.keyring()).build()) {
            AccessPolicy audited = AccessPolicy.builder().role("reader", Rule.on("read", "docs/*")).auditTo(trail).build();
            audited.evaluate(AccessRequest.of("alice", Set.of("reader"), "read", "docs/1"));
            audited.evaluate(AccessRequest.of("mallory", Set.of("reader"), "delete", "docs/1"));
            Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> trail.query(AuditQuery.all()).size() == 2);
            var records = trail.query(AuditQuery.all());
            assertThat(records.get(0).outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(records.get(0).attributes()).containsEntry("decision", "allow").containsEntry("roles", "reader");
            assertThat(records.get(1).actor()).isEqualTo("mallory");
            assertThat(records.get(1).outcome()).isEqualTo(Outcome.DENIED);
            assertThat(records.get(1).attributes()).containsEntry("reason", "no rule allows it");
        }
    }

    @Test
    void badRules_areRejected() {
        assertThatThrownBy(() -> Rule.on("", "x")).hasMessage("actionPattern must not be empty but was ''");
        assertThatThrownBy(() -> AccessPolicy.builder().role(" ")).hasMessage("role must not be blank but was ' '");
    }
}

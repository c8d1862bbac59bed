package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityRateLimiterTest {

    @TempDir
    Path dir;

    @Test
    void eachIdentityHasItsOwnBudget_rejectionsAreCountedAndAudited() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AuditTrail trail = AuditTrail.builder(dir).keyring(TestKeys.keyring()).build()) {
            // a refresh period far longer than the test: the budget cannot refill while it runs
            IdentityRateLimiter limits = IdentityRateLimiter.builder().limitForPeriod(3)
                    .limitRefreshPeriod(Duration.ofHours(1)).auditTo(trail).meterRegistry(registry).build();
            for (int i = 0; i < 3; i++) {
                assertThat(limits.tryAcquire("alice", "read", "doc")).isTrue();
            }
            assertThat(limits.tryAcquire("alice", "read", "doc")).isFalse();
            assertThat(limits.tryAcquire("bob", "read", "doc")).as("bob has his own budget").isTrue();
            assertThatThrownBy(() -> limits.execute("alice", "write", "doc/1", () -> "never"))
                    .isInstanceOf(RateLimitedException.class).hasMessageContaining("identity 'alice' exceeded")
                    .satisfies(e -> assertThat(((RateLimitedException) e).identity()).isEqualTo("alice"));
            assertThat(limits.execute("bob", "write", "doc/1", () -> "ran")).isEqualTo("ran");
            assertThat(registry.get("foundation.audit.ratelimit.rejections").counter().count()).isEqualTo(2);
            assertThat(registry.get("foundation.audit.ratelimit.permits").counter().count()).isEqualTo(5);
            Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> trail.query(AuditQuery.all().actor("alice")).size() == 2);
            assertThat(trail.query(AuditQuery.all().actor("alice")))
                    .allMatch(r -> r.outcome() == Outcome.RATE_LIMITED)
                    .extracting(AuditRecord::operation).containsExactly("read", "write");
        }
    }

    @Test
    void registry_isBoundedByMaxIdentities() {
        IdentityRateLimiter limits = IdentityRateLimiter.builder().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofHours(1)).maxIdentities(100).build();
        for (int i = 0; i < 10_000; i++) {
            limits.tryAcquire("user-" + i, "read", "doc");
        }
        assertThat(limits.trackedIdentities()).isLessThanOrEqualTo(100);
    }

    @Test
    void badArguments_areRejected() {
        assertThatThrownBy(() -> IdentityRateLimiter.builder().limitForPeriod(0))
                .hasMessage("limitForPeriod must be >= 1 but was 0");
        assertThatThrownBy(() -> IdentityRateLimiter.builder().maxIdentities(0))
                .hasMessage("maxIdentities must be >= 1 but was 0");
        assertThatThrownBy(() -> IdentityRateLimiter.builder().limitRefreshPeriod(Duration.ZERO))
                .hasMessage("limitRefreshPeriod must be > 0 but was PT0S");
        assertThatThrownBy(() -> IdentityRateLimiter.builder().build().tryAcquire(" ", "a", "b"))
                .hasMessage("identity must not be blank but was ' '");
    }
}

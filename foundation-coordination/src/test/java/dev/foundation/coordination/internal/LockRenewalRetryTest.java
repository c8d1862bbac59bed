package dev.foundation.coordination.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.LockOptions;
import dev.foundation.coordination.internal.local.LocalBackend;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lock whose renewals fail for a while keeps its lease if a renewal gets through before the safe deadline: a
 * failed renewal is retried at the watchdog's next sweep (a quarter of the renewal period), not a whole period
 * later, which left two tries before the deadline.
 */
class LockRenewalRetryTest {

    /** A lease store whose lock renewals fail while {@code failing} is above zero. */
    private static final class FailingRenewals extends ForwardingLeaseStore {
        private final AtomicInteger failing;
        private final AtomicInteger renewals = new AtomicInteger();

        FailingRenewals(LeaseStore store, int failing) {
            super(store);
            this.failing = new AtomicInteger(failing);
        }

        @Override
        public CompletableFuture<Boolean> renew(Kind kind, String name, String owner, long token, long leaseMillis) {
            renewals.incrementAndGet();
            if (failing.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new CoordinationException("no answer (scripted)"));
            }
            return super.renew(kind, name, owner, token, leaseMillis);
        }
    }

    @Test
    void threeFailedRenewalsInARow_doNotLoseALeaseOfThreePeriods() {
        CoordinationConfig config = CoordinationConfig.defaults();
        FailingRenewals[] store = new FailingRenewals[1];
        Backend backend = new WrappedStoreBackend(new LocalBackend(config),
                s -> store[0] = new FailingRenewals(s, 3));
        try (DefaultCoordination c = new DefaultCoordination(config, backend)) {
            AtomicBoolean lost = new AtomicBoolean();
            // renewals every 1 s, safe deadline ~3 s: failures at 1 s, 1.25 s and 1.5 s, success at 1.75 s
            LockLease lease = c.lock("renewed", LockOptions.defaults().onLost((l, cause) -> lost.set(true)))
                    .acquire(Duration.ofSeconds(5), Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> store[0].renewals.get() >= 5 || lost.get());
            assertThat(lost).as("the lease was lost to failed renewals").isFalse();
            assertThat(lease.isValid()).isTrue();
            lease.close();
        }
    }
}

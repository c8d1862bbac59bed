package dev.foundation.coordination.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foundation.coordination.CoordinationConfig;
import dev.foundation.coordination.IndeterminateUpdateException;
import dev.foundation.coordination.LockLease;
import dev.foundation.coordination.internal.local.LocalBackend;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A grant the store applied but could not confirm (its backups did not acknowledge it) leaves a lease record
 * naming an owner nobody holds: the lock must give it back rather than keep others out until the lease expires.
 */
class UnconfirmedGrantTest {

    /** A lease store whose first {@code unconfirmed} grants are stored, then reported as not acknowledged. */
    private static final class UnconfirmedGrants extends ForwardingLeaseStore {
        private final AtomicInteger unconfirmed;

        UnconfirmedGrants(LeaseStore store, int unconfirmed) {
            super(store);
            this.unconfirmed = new AtomicInteger(unconfirmed);
        }

        @Override
        public CompletableFuture<Long> acquire(Kind kind, String name, String owner, long leaseMillis) {
            CompletableFuture<Long> stored = super.acquire(kind, name, owner, leaseMillis);
            if (unconfirmed.getAndDecrement() <= 0) {
                return stored;
            }
            return stored.thenApply(token -> {
                throw new IndeterminateUpdateException("acquire lock '" + name + "'", null);
            });
        }
    }

    private static Backend wrapped(CoordinationConfig config, int unconfirmed) {
        return new WrappedStoreBackend(new LocalBackend(config), store -> new UnconfirmedGrants(store, unconfirmed));
    }

    @Test
    void aGrantStoredButNeverConfirmed_isGivenBack_soTheNextCallerNeedNotWaitForItsLease() {
        CoordinationConfig config = CoordinationConfig.defaults();
        try (DefaultCoordination c = new DefaultCoordination(config, wrapped(config, 2))) {
            // both attempts (the first and the one retry an unconfirmed grant gets) are stored, neither confirmed
            assertThatThrownBy(() -> c.lock("jobs").tryAcquire(Duration.ZERO, Duration.ofSeconds(60)))
                    .isInstanceOf(IndeterminateUpdateException.class);
            // the 60 s lease was given back: another caller gets the lock long before it would have expired
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Optional<LockLease> lease = c.lock("jobs").tryAcquire(Duration.ZERO, Duration.ofSeconds(5));
                lease.ifPresent(LockLease::close);
                return lease.isPresent();
            });
        }
    }

    @Test
    void aGrantConfirmedOnItsRetry_isHeld() {
        CoordinationConfig config = CoordinationConfig.defaults();
        try (DefaultCoordination c = new DefaultCoordination(config, wrapped(config, 1))) {
            Optional<LockLease> lease = c.lock("jobs").tryAcquire(Duration.ZERO, Duration.ofSeconds(60));
            assertThat(lease).isPresent();
            assertThat(c.lock("jobs").isHeldByCurrentThread()).isTrue();
            lease.get().close();
            assertThat(c.lock("jobs").isHeldByCurrentThread()).isFalse();
        }
    }
}

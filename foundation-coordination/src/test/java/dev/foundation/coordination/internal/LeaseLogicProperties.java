package dev.foundation.coordination.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful properties of the lease transitions ({@link LeaseLogic}) that both backends run, against a simple
 * model, over random action chains of several members and a controllable clock: members acquire, renew (also
 * with request latency, so the renewal's start is older than its arrival) and release; time advances; the record
 * is read by a store whose clock runs ahead of the holder's by up to the margin a new partition owner may have.
 * Invariants after every action: every grant is what the model allows (free, the requester's own, or expired for
 * longer than the margin); tokens strictly increase; at most one member believes it holds the lease (it counts
 * its lease from the start of its last successful request, minus the drift margin, as the coordination does),
 * and that member's token is the stored one.
 */
class LeaseLogicProperties {

    private static final int MEMBERS = 3;
    private static final long LEASE = 1_000;
    private static final double DRIFT = 0.1;

    /** What a member believes. */
    static final class View {
        final String owner;
        long token;
        long renewStart;

        View(int i) {
            owner = "m" + i;
        }

        boolean believes(long now) {
            return token > 0 && now - renewStart < (long) (LEASE * (1 - DRIFT));
        }
    }

    /** The system (the stored record and the members' views) and the model's expectations. */
    static final class World {
        long now = 1_700_000_000_000L;
        LeaseRecord record;
        final List<View> views = new ArrayList<>();
        long highestToken;
        // model
        String modelOwner;
        long modelExpiry;

        World() {
            for (int i = 0; i < MEMBERS; i++) {
                views.add(new View(i));
            }
        }

        void acquire(int m, long latency, long storeSkew) {
            View v = views.get(m);
            long start = now;
            now += latency;
            long storeNow = now + storeSkew;
            boolean modelGrants = modelOwner == null || modelOwner.equals(v.owner)
                    || storeNow >= modelExpiry + (long) Math.ceil(LEASE * DRIFT);
            LeaseLogic.Step step = LeaseLogic.acquire(record, v.owner, storeNow, LEASE, DRIFT);
            assertThat(step.result() > 0).as("grant to %s at %d (model owner %s until %d)", v.owner, storeNow,
                    modelOwner, modelExpiry).isEqualTo(modelGrants);
            if (step.updated() != null) {
                record = step.updated();
            }
            if (step.result() > 0) {
                boolean extension = v.owner.equals(modelOwner) && storeNow < modelExpiry;
                if (extension) {
                    assertThat(step.result()).isEqualTo(highestToken);
                } else {
                    assertThat(step.result()).isGreaterThan(highestToken);
                }
                highestToken = step.result();
                modelOwner = v.owner;
                modelExpiry = storeNow + LEASE;
                v.token = step.result();
                v.renewStart = start;
            }
        }

        void renew(int m, long latency, long storeSkew) {
            View v = views.get(m);
            if (v.token == 0) {
                return;
            }
            long start = now;
            now += latency;
            long storeNow = now + storeSkew;
            boolean modelRenews = v.owner.equals(modelOwner) && storeNow < modelExpiry && v.token == highestToken;
            LeaseLogic.Step step = LeaseLogic.renew(record, v.owner, v.token, storeNow, LEASE);
            assertThat(step.result() == 1).isEqualTo(modelRenews);
            if (step.updated() != null) {
                record = step.updated();
                modelExpiry = storeNow + LEASE;
                v.renewStart = start;
            } else {
                v.token = 0; // the renewal found another owner or an expired lease: the member steps down
            }
        }

        void release(int m) {
            View v = views.get(m);
            if (v.token == 0) {
                return;
            }
            LeaseLogic.Step step = LeaseLogic.release(record, v.owner, v.token);
            if (step.updated() != null) {
                record = step.updated();
                modelOwner = null;
            }
            v.token = 0;
        }

        void advance(long millis) {
            now += millis;
        }

        void checkInvariants() {
            int believers = 0;
            for (View v : views) {
                if (v.believes(now)) {
                    believers++;
                    assertThat(record.token()).as("%s believes it holds token %d", v.owner, v.token)
                            .isEqualTo(v.token);
                    assertThat(record.owner()).isEqualTo(v.owner);
                }
            }
            assertThat(believers).as("members believing they hold the lease at %d", now).isLessThanOrEqualTo(1);
        }

        @Override
        public String toString() {
            return "World[now=" + now + ", record=" + record + "]";
        }
    }

    private static Arbitrary<Integer> member() {
        return Arbitraries.integers().between(0, MEMBERS - 1);
    }

    /** Latency of a request: usually small, sometimes most of a lease. */
    private static Arbitrary<Long> latency() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, LEASE)));
    }

    /**
     * How far a store's clock may run ahead of the clock the holder measured its lease with (a new partition owner
     * after a migration): less than twice the drift margin, which the holder's early stop and the store's margin
     * after expiry cover together.
     */
    private static Arbitrary<Long> skew() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, (long) (2 * LEASE * DRIFT) - 1)));
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        Action.Independent<World> acquire = () -> net.jqwik.api.Combinators.combine(member(), latency(), skew())
                .as((m, l, s) -> Transformer.mutate("acquire m" + m + " latency " + l + " skew " + s,
                        w -> w.acquire(m, l, s)));
        Action.Independent<World> renew = () -> net.jqwik.api.Combinators.combine(member(), latency(), skew())
                .as((m, l, s) -> Transformer.mutate("renew m" + m + " latency " + l + " skew " + s,
                        w -> w.renew(m, l, s)));
        Action.Independent<World> release = () -> member()
                .map(m -> Transformer.mutate("release m" + m, w -> w.release(m)));
        Action.Independent<World> advance = () -> Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, LEASE / 4)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 2 * LEASE)))
                .map(ms -> Transformer.mutate("advance " + ms + " ms", w -> w.advance(ms)));
        return ActionChain.startWith(World::new)
                .withAction(4, acquire)
                .withAction(4, renew)
                .withAction(1, release)
                .withAction(3, advance)
                .withMaxTransformations(60);
    }

    @Property(tries = 300)
    void atMostOneMemberBelievesItHoldsTheLease_andTokensOnlyRise(@ForAll("chains") ActionChain<World> chain) {
        chain.withInvariant("one believer, holding the stored token", World::checkInvariants).run();
    }
}

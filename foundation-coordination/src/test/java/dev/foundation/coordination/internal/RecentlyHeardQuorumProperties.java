package dev.foundation.coordination.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the split-brain rule ({@link RecentlyHeardQuorum}) against a simple model that keeps every
 * heartbeat heard: a member counts if its last heartbeat is younger than the tolerance and, when it came back
 * after a silence longer than the tolerance, if its current run of heartbeats (no gap longer than the tolerance)
 * is at least the probation old. Random action chains of heartbeats, bursts (several old heartbeats arriving at
 * once, as after a link comes back) and time passing; the rule and the model must agree after every action. Plus
 * the safety property the partition test relies on: a member that hears nothing from the others is not quorate
 * from one tolerance after the last heartbeat on, whatever arrived before.
 */
class RecentlyHeardQuorumProperties {

    private static final long TOLERANCE = 6_000;
    private static final long PROBATION = 6_000;
    private static final int OTHERS = 3;

    /** The rule and the model side by side. */
    static final class World {
        final int minimumClusterSize;
        final RecentlyHeardQuorum<Integer> rule;
        final List<List<Long>> heard = new ArrayList<>();
        long now = 1_000_000;

        World(int minimumClusterSize) {
            this.minimumClusterSize = minimumClusterSize;
            this.rule = new RecentlyHeardQuorum<>(minimumClusterSize, TOLERANCE, PROBATION);
            for (int i = 0; i < OTHERS; i++) {
                heard.add(new ArrayList<>());
            }
        }

        void heartbeat(int member, int count) {
            for (int i = 0; i < count; i++) {
                rule.heard(member, now);
                heard.get(member).add(now);
            }
        }

        void advance(long nanos) {
            now += nanos;
        }

        boolean modelCounts(int member) {
            List<Long> times = heard.get(member);
            if (times.isEmpty() || now - times.get(times.size() - 1) >= TOLERANCE) {
                return false;
            }
            int start = times.size() - 1;
            while (start > 0 && times.get(start) - times.get(start - 1) <= TOLERANCE) {
                start--;
            }
            boolean probation = start > 0;
            return !probation || now - times.get(start) >= PROBATION;
        }

        void check() {
            int count = 1;
            List<Integer> all = new ArrayList<>();
            for (int m = 0; m < OTHERS; m++) {
                all.add(m);
                boolean counts = modelCounts(m);
                assertThat(rule.counts(m, now)).as("member %d counts at %d (heard at %s)", m, now, heard.get(m))
                        .isEqualTo(counts);
                count += counts ? 1 : 0;
            }
            assertThat(rule.present(all, now)).as("quorate at %d", now).isEqualTo(count >= minimumClusterSize);
        }

        @Override
        public String toString() {
            return "World[now=" + now + ", heard=" + heard + "]";
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        Action.Independent<World> heartbeat = () -> Combinators.combine(
                        Arbitraries.integers().between(0, OTHERS - 1),
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(1)),
                                Tuple.of(1, Arbitraries.integers().between(2, 8))))
                .as((m, n) -> Transformer.mutate("heard m" + m + (n > 1 ? " x" + n : ""), w -> w.heartbeat(m, n)));
        Action.Independent<World> advance = () -> Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.longs().between(1, 1_500)),
                        Tuple.of(1, Arbitraries.longs().between(TOLERANCE - 10, TOLERANCE + 10)),
                        Tuple.of(1, Arbitraries.longs().between(1, 3 * TOLERANCE)))
                .map(t -> Transformer.mutate("advance " + t, w -> w.advance(t)));
        return Arbitraries.integers().between(1, OTHERS + 1).flatMap(min -> ActionChain.startWith(() -> new World(min))
                .withAction(3, heartbeat)
                .withAction(2, advance)
                .withMaxTransformations(80));
    }

    @Property(tries = 400)
    void ruleAgreesWithTheModel(@ForAll("chains") ActionChain<World> chain) {
        chain.withInvariant("rule equals model", World::check).run();
    }

    @Property(tries = 300)
    void aMemberThatHearsNothing_isNotQuorate_oneToleranceAfterTheLastHeartbeat(
            @ForAll @IntRange(min = 2, max = OTHERS + 1) int minimumClusterSize,
            @ForAll("histories") List<Tuple.Tuple2<Integer, Long>> history,
            @ForAll @LongRange(min = 0, max = 60_000) long after) {
        RecentlyHeardQuorum<Integer> rule = new RecentlyHeardQuorum<>(minimumClusterSize, TOLERANCE, PROBATION);
        long now = 0;
        for (Tuple.Tuple2<Integer, Long> beat : history) {
            now += beat.get2();
            rule.heard(beat.get1(), now);
        }
        assertThat(rule.present(List.of(0, 1, 2), now + TOLERANCE + after)).isFalse();
    }

    @Property(tries = 300)
    void aBurstAfterASilence_neverCounts(@ForAll @IntRange(min = 1, max = 10) int burst,
                                         @ForAll @LongRange(min = TOLERANCE + 1, max = 100_000) long silence,
                                         @ForAll @LongRange(min = 0, max = 100_000) long later) {
        RecentlyHeardQuorum<Integer> rule = new RecentlyHeardQuorum<>(2, TOLERANCE, PROBATION);
        rule.heard(0, 0);
        for (int i = 0; i < burst; i++) {
            rule.heard(0, silence);
        }
        assertThat(rule.present(List.of(0), silence + later)).isFalse();
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Long>>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, OTHERS - 1),
                        Arbitraries.longs().between(0, 2 * TOLERANCE))
                .as(Tuple::of).list().ofMaxSize(30);
    }
}

package dev.foundation.federation.internal;

import dev.foundation.federation.PoolView;
import dev.foundation.federation.Strategy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Two distinct candidates at random; the lower in-flight / capacity wins, then the higher weight, then the first. */
public final class PowerOfTwoChoicesStrategy implements Strategy {

    private final RandomGenerator random;

    /**
     * Creates the strategy.
     *
     * @param random the generator, or null for {@link ThreadLocalRandom}
     */
    public PowerOfTwoChoicesStrategy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public <P extends PoolView> P select(List<P> candidates, String callerLocality) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
        int i = r.nextInt(n);
        int j = r.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        P a = candidates.get(i);
        P b = candidates.get(j);
        long left = (long) a.inFlight() * b.capacity();
        long right = (long) b.inFlight() * a.capacity();
        if (left != right) {
            return left < right ? a : b;
        }
        return b.weight() > a.weight() ? b : a;
    }

    @Override
    public String name() {
        return "power-of-two-choices";
    }
}

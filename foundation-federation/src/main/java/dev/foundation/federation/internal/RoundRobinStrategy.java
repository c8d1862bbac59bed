package dev.foundation.federation.internal;

import dev.foundation.federation.PoolView;
import dev.foundation.federation.Strategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Each candidate in turn, weights ignored. */
public final class RoundRobinStrategy implements Strategy {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <P extends PoolView> P select(List<P> candidates, String callerLocality) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }

    @Override
    public String name() {
        return "round-robin";
    }
}

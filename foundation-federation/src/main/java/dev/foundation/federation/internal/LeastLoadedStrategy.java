package dev.foundation.federation.internal;

import dev.foundation.federation.PoolView;
import dev.foundation.federation.Strategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The candidate with the lowest in-flight / capacity; the scan starts at a rotating index so ties go round robin. */
public final class LeastLoadedStrategy implements Strategy {

    private final AtomicInteger start = new AtomicInteger();

    @Override
    public <P extends PoolView> P select(List<P> candidates, String callerLocality) {
        int n = candidates.size();
        int first = Math.floorMod(start.getAndIncrement(), n);
        P best = candidates.get(first);
        long bestInFlight = best.inFlight();
        long bestCapacity = best.capacity();
        for (int i = 1; i < n; i++) {
            P p = candidates.get((first + i) % n);
            long inFlight = p.inFlight();
            long capacity = p.capacity();
            // inFlight / capacity < bestInFlight / bestCapacity, without division
            if (inFlight * bestCapacity < bestInFlight * capacity) {
                best = p;
                bestInFlight = inFlight;
                bestCapacity = capacity;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "least-loaded";
    }
}

package dev.foundation.coordination;

import dev.foundation.coordination.internal.DefaultCoordination;
import dev.foundation.coordination.internal.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Binds the meters of one {@link Coordination} to a Micrometer registry, the way Micrometer's own binders do:
 * <pre>{@code
 * Coordination coordination = Coordination.hazelcast(hz, CoordinationConfig.defaults());
 * new CoordinationMeters(coordination).bindTo(registry);
 * }</pre>
 * A coordination records nothing until it is bound; meters it created before the binding (a lock acquired earlier,
 * say) record into the registry from then on. Binding to several registries records into each.
 * {@link CoordinationConfig.Builder#meterRegistry} binds its registry this same way when the coordination is
 * built. The meters, all tagged {@code backend} ({@code local} or {@code hazelcast}):
 * <ul>
 *   <li>{@code foundation.coordination.lock.acquire} (timer; tags {@code lock}, {@code outcome}: {@code acquired}
 *       or {@code timeout}): time to acquire a lock;</li>
 *   <li>{@code foundation.coordination.lock.lost} (counter; tag {@code lock}): leases lost while held;</li>
 *   <li>{@code foundation.coordination.election.transitions} (counter; tags {@code election}, {@code event}:
 *       {@code elected} or {@code revoked});</li>
 *   <li>{@code foundation.coordination.work.units} (counter; tags {@code task}, {@code outcome}: {@code success},
 *       {@code failure} or {@code timeout});</li>
 *   <li>{@code foundation.coordination.work.reassigned} (counter; tag {@code task}): units resubmitted after their
 *       member died.</li>
 * </ul>
 */
public final class CoordinationMeters implements MeterBinder {

    private final Metrics metrics;

    /**
     * A binder for the meters of {@code coordination}.
     *
     * @param coordination one made by {@link Coordination#local} or {@link Coordination#hazelcast}
     * @throws IllegalArgumentException if {@code coordination} is another implementation
     */
    public CoordinationMeters(Coordination coordination) {
        Objects.requireNonNull(coordination, "coordination");
        if (!(coordination instanceof DefaultCoordination built)) {
            throw new IllegalArgumentException("coordination must be made by Coordination.local or "
                    + "Coordination.hazelcast but was a " + coordination.getClass().getName());
        }
        this.metrics = built.metrics();
    }

    /**
     * Records the coordination's meters into {@code registry} from now on.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        metrics.bindTo(Objects.requireNonNull(registry, "registry"));
    }
}

package dev.foundation.benchmarks.lifecycle;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import dev.foundation.lifecycle.Component;
import dev.foundation.lifecycle.ComponentContext;
import dev.foundation.lifecycle.Lifecycle;
import dev.foundation.lifecycle.LifecycleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Builds, starts and stops 1,000 no-op components with Foundation's lifecycle, against Guava's
 * {@link ServiceManager} doing the same with 1,000 no-op services.
 *
 * <p>{@code shape} is the Foundation graph: {@code independent} (no dependencies: the like-for-like case),
 * {@code wideDag} (10 layers of 100, each component depending on 3 random ones of the layer before), and
 * {@code chain} (each depends on the previous one, so nothing can run in parallel). Guava's
 * {@code ServiceManager} cannot express dependencies, so its side is always the dependency-free case.
 * Guava's services are {@link AbstractService}s that complete synchronously (the cheapest a Guava service can
 * be); Foundation's components are plain {@link Component}s, so each start and stop is handed to a worker
 * thread that enforces its timeout. Foundation's INFO logs are turned down to WARN in the forked JVM.
 */
@State(Scope.Benchmark)
// Foundation logs each start and shutdown at INFO (Guava logs nothing): measure the work, not stderr.
@Fork(jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.dev.foundation.lifecycle=warn")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LifecycleBenchmark {

    private static final int COMPONENTS = 1_000;

    /** The shape of Foundation's graph. */
    @Param({"independent", "wideDag", "chain"})
    public String shape;

    private List<String[]> dependencies;

    /** Draws the graph once per trial (fixed seed). */
    @Setup
    public void setUp() {
        dependencies = new ArrayList<>(COMPONENTS);
        Random random = new Random(42);
        for (int i = 0; i < COMPONENTS; i++) {
            String[] deps;
            switch (shape) {
                case "independent" -> deps = new String[0];
                case "chain" -> deps = i == 0 ? new String[0] : new String[] {"c" + (i - 1)};
                case "wideDag" -> {
                    int layer = i / 100;
                    if (layer == 0) {
                        deps = new String[0];
                    } else {
                        deps = new String[3];
                        for (int d = 0; d < 3; d++) {
                            deps[d] = "c" + ((layer - 1) * 100 + random.nextInt(100));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("shape must be independent, wideDag or chain but was " + shape);
            }
            dependencies.add(deps);
        }
    }

    /** A component that does nothing. */
    private static final class NoOp implements Component {
        @Override
        public void start(ComponentContext context) {
        }

        @Override
        public void stop() {
        }
    }

    /** A Guava service that does nothing, synchronously. */
    private static final class NoOpService extends AbstractService {
        @Override
        protected void doStart() {
            notifyStarted();
        }

        @Override
        protected void doStop() {
            notifyStopped();
        }
    }

    /**
     * Foundation: build, start and close a lifecycle of 1,000 no-op components of the given shape.
     *
     * @return the lifecycle (closed)
     */
    @Benchmark
    public Lifecycle foundation_startStop1000() {
        // Guava's ServiceManager installs no JVM hook, so neither does this side (start() now installs one by default)
        LifecycleBuilder b = Lifecycle.builder().registerShutdownHook(false);
        for (int i = 0; i < COMPONENTS; i++) {
            String[] deps = dependencies.get(i);
            b.component("c" + i, new NoOp(), o -> o.dependsOn(deps));
        }
        Lifecycle app = b.build();
        app.start();
        app.close();
        return app;
    }

    /**
     * Guava: build a {@code ServiceManager} of 1,000 no-op services, start it and stop it.
     *
     * @return the manager (stopped)
     * @throws TimeoutException never in practice
     */
    @Benchmark
    public ServiceManager guava_startStop1000() throws TimeoutException {
        List<Service> services = new ArrayList<>(COMPONENTS);
        for (int i = 0; i < COMPONENTS; i++) {
            services.add(new NoOpService());
        }
        ServiceManager manager = new ServiceManager(services);
        manager.startAsync().awaitHealthy(30, TimeUnit.SECONDS);
        manager.stopAsync().awaitStopped(30, TimeUnit.SECONDS);
        return manager;
    }
}

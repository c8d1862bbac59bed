package dev.foundation.lifecycle;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A component that records what happens to it and can be told to fail, hang or be unhealthy. */
class TestComponent implements Component {

    final String name;
    final EventLog log;
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();
    volatile Exception startFailure;
    volatile Exception stopFailure;
    /** When set, start (or stop) blocks until this latch opens (or the thread is interrupted). */
    volatile CountDownLatch startGate;
    volatile CountDownLatch stopGate;
    volatile Health health = Health.healthy();
    volatile CountDownLatch healthGate;
    volatile ComponentContext context;
    volatile String checkThread;

    TestComponent(String name, EventLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public void start(ComponentContext context) throws Exception {
        log.add("start-begin:" + name);
        starts.incrementAndGet();
        this.context = context;
        CountDownLatch gate = startGate;
        if (gate != null) {
            gate.await(1, TimeUnit.MINUTES);
        }
        Exception f = startFailure;
        if (f != null) {
            log.add("start-failed:" + name);
            throw f;
        }
        log.add("start:" + name);
    }

    @Override
    public void stop() throws Exception {
        log.add("stop-begin:" + name);
        stops.incrementAndGet();
        CountDownLatch gate = stopGate;
        if (gate != null) {
            gate.await(1, TimeUnit.MINUTES);
        }
        Exception f = stopFailure;
        if (f != null) {
            throw f;
        }
        log.add("stop:" + name);
    }

    @Override
    public Health health() throws Exception {
        checkThread = Thread.currentThread().getName();
        CountDownLatch gate = healthGate;
        if (gate != null) {
            gate.await(1, TimeUnit.MINUTES);
        }
        checks.incrementAndGet();
        return health;
    }
}

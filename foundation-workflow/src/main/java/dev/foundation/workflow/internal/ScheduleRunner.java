package dev.foundation.workflow.internal;

import dev.foundation.core.Backoff;
import dev.foundation.workflow.ScheduleTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires one schedule trigger: each fire time starts one instance keyed {@code schedule:<name>:<time>} and
 * is then recorded in the store, so a restart continues from the last recorded fire and a fire that was
 * started but not recorded is not doubled (the key finds the existing instance). A fire whose start fails (the
 * store busy, the input function throwing) is retried after {@link #RETRY} (1 s doubling to 1 min, on the
 * engine's clock) and recorded only once started; the next fire time is armed after that.
 */
final class ScheduleRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);
    /** The wait before a fire whose start failed is tried again. */
    static final Backoff RETRY = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final Engine engine;
    private final ScheduleTrigger trigger;
    private volatile boolean stopped;

    ScheduleRunner(Engine engine, ScheduleTrigger trigger) {
        this.engine = engine;
        this.trigger = trigger;
    }

    void start() {
        Instant now = engine.now();
        Optional<Instant> last = engine.store().lastTriggerFire(trigger.name());
        if (last.isEmpty()) {
            armAfter(now);
            return;
        }
        // catch up at most one missed fire: the latest one not after now
        Instant missed = null;
        Optional<Instant> next = trigger.schedule().next(last.get());
        while (next.isPresent() && !next.get().isAfter(now)) {
            missed = next.get();
            next = trigger.schedule().next(missed);
        }
        if (missed != null) {
            Instant fire = missed;
            engine.timers().at(fire, () -> fire(fire));
        } else {
            armAfter(last.get());
        }
    }

    private void armAfter(Instant after) {
        if (stopped) {
            return;
        }
        Optional<Instant> next = trigger.schedule().next(after);
        if (next.isEmpty()) {
            LOG.info("schedule trigger '{}' ({}) will not fire again", trigger.name(), trigger.schedule());
            return;
        }
        Instant fire = next.get();
        engine.timers().at(fire, () -> fire(fire));
    }

    private void fire(Instant fireTime) {
        fire(fireTime, 1);
    }

    private void fire(Instant fireTime, int attempt) {
        if (stopped || engine.isClosed()) {
            return;
        }
        String key = "schedule:" + trigger.name() + ":" + fireTime;
        try {
            Object input = trigger.input().apply(fireTime);
            engine.start(trigger.workflow(), input, key);
        } catch (RuntimeException e) {
            // Not recorded: the same fire is tried again (its key makes a start that did get stored count once).
            Duration wait = RETRY.delay(attempt);
            LOG.error("schedule trigger '{}' could not start workflow '{}' for {} (attempt {}); retrying in {}",
                    trigger.name(), trigger.workflow(), fireTime, attempt, wait, e);
            engine.timers().at(engine.now().plus(wait), () -> fire(fireTime, attempt + 1));
            return;
        }
        engine.store().recordTriggerFired(trigger.name(), fireTime).whenComplete((v, e) -> {
            if (e != null && !engine.isClosed()) {
                LOG.error("schedule trigger '{}': recording fire {} failed", trigger.name(), fireTime, e);
            }
        });
        // skip fire times that already passed while this one ran (no pile-up)
        Instant now = engine.now();
        Instant after = fireTime;
        Optional<Instant> next = trigger.schedule().next(after);
        while (next.isPresent() && next.get().isBefore(now)) {
            after = next.get();
            next = trigger.schedule().next(after);
        }
        armAfter(after);
    }

    void stop() {
        stopped = true;
    }
}

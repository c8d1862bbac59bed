package dev.foundation.workflow;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule trigger fires: at a fixed rate, or by a standard 5-field cron expression.
 */
public abstract class Schedule {

    Schedule() {
    }

    /**
     * Fires every {@code period}, the first time one period after the engine starts.
     *
     * @param period a positive duration, at least 1 second
     * @return the schedule
     * @throws IllegalArgumentException if shorter than 1 second
     */
    public static Schedule fixedRate(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("period must be >= 1s but was " + period);
        }
        return new FixedRate(period);
    }

    /**
     * Fires by a cron expression evaluated in UTC (see {@link CronExpression} for the syntax and semantics).
     *
     * @param expression five fields: minute hour day-of-month month day-of-week
     * @return the schedule
     * @throws IllegalArgumentException if the expression is invalid (the message says which field and token)
     *                                  or can never fire (such as February 30)
     */
    public static Schedule cron(String expression) {
        return cron(expression, ZoneOffset.UTC);
    }

    /**
     * Fires by a cron expression evaluated in the local time of a zone. Across daylight-saving changes it
     * behaves as cronie does (details in {@link CronExpression}): a fixed-time expression such as
     * {@code 30 2 * * *} fires once on a change day (at the jump if its time is skipped, at the first
     * occurrence if its time is repeated); an expression whose minute or hour field starts with {@code *}
     * fires at every local time that exists, twice in a repeated hour.
     *
     * @param expression five fields: minute hour day-of-month month day-of-week
     * @param zone       the zone
     * @return the schedule
     * @throws IllegalArgumentException if the expression is invalid (the message says which field and token)
     *                                  or can never fire (such as February 30)
     */
    public static Schedule cron(String expression, ZoneId zone) {
        return new Cron(CronExpression.parse(expression), Objects.requireNonNull(zone, "zone"));
    }

    /**
     * The first fire time strictly after a time.
     *
     * @param after the reference time (the last fire, or the engine start)
     * @return the next fire time, or empty if the schedule never fires again (a cron schedule always fires
     *         again, unless after the year 999,999,999)
     */
    public abstract Optional<Instant> next(Instant after);

    private static final class FixedRate extends Schedule {
        private final Duration period;

        FixedRate(Duration period) {
            this.period = period;
        }

        @Override
        public Optional<Instant> next(Instant after) {
            return Optional.of(after.plus(period));
        }

        @Override
        public String toString() {
            return "fixedRate(" + period + ")";
        }
    }

    private static final class Cron extends Schedule {
        private final CronExpression expression;
        private final ZoneId zone;

        Cron(CronExpression expression, ZoneId zone) {
            this.expression = expression;
            this.zone = zone;
        }

        @Override
        public Optional<Instant> next(Instant after) {
            Objects.requireNonNull(after, "after");
            return expression.next(after.atZone(zone)).map(ZonedDateTime::toInstant);
        }

        @Override
        public String toString() {
            return "cron(" + expression + ", " + zone + ")";
        }
    }
}

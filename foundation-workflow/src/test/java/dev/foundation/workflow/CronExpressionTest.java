package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static ZonedDateTime utc(String s) {
        return ZonedDateTime.parse(s);
    }

    private static String next(String expr, String after) {
        return CronExpression.parse(expr).next(utc(after)).orElseThrow().toString();
    }

    @Test
    void next_everyMinute_isTheFollowingMinute() {
        assertThat(next("* * * * *", "2026-11-23T10:15:42Z")).isEqualTo("2026-11-23T10:16Z");
        assertThat(next("* * * * *", "2026-11-23T10:15:00Z")).isEqualTo("2026-11-23T10:16Z");
    }

    @Test
    void next_handlesStepsRangesListsAndNames() {
        assertThat(next("*/15 * * * *", "2026-11-23T10:16:00Z")).isEqualTo("2026-11-23T10:30Z");
        assertThat(next("0 9-17/4 * * *", "2026-11-23T10:00:00Z")).isEqualTo("2026-11-23T13:00Z");
        assertThat(next("5,35 * * * *", "2026-11-23T10:06:00Z")).isEqualTo("2026-11-23T10:35Z");
        assertThat(next("30 2 * * MON-FRI", "2026-11-21T12:00:00Z")).isEqualTo("2026-11-23T02:30Z"); // Sat -> Mon
        assertThat(next("0 0 1 jan *", "2026-11-23T00:00:00Z")).isEqualTo("2027-01-01T00:00Z");
        assertThat(next("0 12 * * 7", "2026-11-23T00:00:00Z")).isEqualTo("2026-11-29T12:00Z"); // 7 = Sunday
        assertThat(next("10/20 * * * *", "2026-11-23T10:31:00Z")).isEqualTo("2026-11-23T10:50Z");
    }

    @Test
    void next_matchesEitherDayField_whenBothAreRestricted() {
        // the 1st of the month OR a Friday: after Mon 2026-11-23 the next is Fri 2026-11-27
        assertThat(next("0 0 1 * FRI", "2026-11-23T00:00:00Z")).isEqualTo("2026-11-27T00:00Z");
        // day-of-week unrestricted: only the 1st
        assertThat(next("0 0 1 * *", "2026-11-23T00:00:00Z")).isEqualTo("2026-12-01T00:00Z");
    }

    @Test
    void next_findsLeapDay_andReportsImpossibleDates() {
        assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00Z");
        assertThat(CronExpression.parse("0 0 30 2 *").next(utc("2026-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void next_respectsTheZone_acrossDaylightSaving() {
        ZonedDateTime before = ZonedDateTime.of(2026, 3, 29, 0, 30, 0, 0, ZoneId.of("Europe/Paris"));
        // 02:30 does not exist on 2026-03-29 in Paris (clocks jump 02:00 -> 03:00): the next 02:30 is the 30th
        ZonedDateTime n = CronExpression.parse("30 2 * * *").next(before).orElseThrow();
        assertThat(n.toLocalDateTime().toString()).isEqualTo("2026-03-30T02:30");
    }

    @Test
    void parse_rejectsInvalidFields_namingTheField() {
        assertThatThrownBy(() -> CronExpression.parse("* * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 5 fields").hasMessageContaining("has 4");
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute field '60' is out of range [0, 59]");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("month field 'FOO' is not a number or name");
        assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hour field '5-2'");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute field '0' is out of range");
        assertThatThrownBy(() -> CronExpression.parse("1,,2 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty list element");
    }

    @Test
    void schedule_fixedRate_andCron() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Schedule.fixedRate(java.time.Duration.ofMinutes(5)).next(t)).contains(t.plusSeconds(300));
        assertThat(Schedule.cron("0 * * * *").next(t)).contains(Instant.parse("2026-11-23T11:00:00Z"));
        assertThatThrownBy(() -> Schedule.fixedRate(java.time.Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be >= 1s but was PT0.01S");
    }

    /** The parser's answer equals a brute-force minute-by-minute scan. */
    @Property(tries = 200)
    void next_equalsBruteForceScan(@ForAll @IntRange(min = 0, max = 59) int minute,
                                   @ForAll @IntRange(min = 1, max = 30) int minuteStep,
                                   @ForAll @IntRange(min = 0, max = 23) int hour,
                                   @ForAll boolean anyHour,
                                   @ForAll @IntRange(min = 0, max = 6) int dow,
                                   @ForAll boolean anyDow,
                                   @ForAll @IntRange(min = 1, max = 28) int dom,
                                   @ForAll boolean anyDom,
                                   @ForAll @IntRange(min = 0, max = 400 * 24 * 60) int startOffsetMinutes) {
        String expr = minute + "/" + minuteStep + " " + (anyHour ? "*" : String.valueOf(hour)) + " "
                + (anyDom ? "*" : String.valueOf(dom)) + " * " + (anyDow ? "*" : String.valueOf(dow));
        ZonedDateTime start = utc("2026-01-01T00:00:00Z").plusMinutes(startOffsetMinutes).plusSeconds(17);
        ZonedDateTime expected = null;
        ZonedDateTime t = start.withSecond(0).plusMinutes(1);
        for (int i = 0; i < 60 * 24 * 40 && expected == null; i++, t = t.plusMinutes(1)) {
            boolean minOk = t.getMinute() >= minute && (t.getMinute() - minute) % minuteStep == 0;
            boolean hourOk = anyHour || t.getHour() == hour;
            boolean domOk = anyDom || t.getDayOfMonth() == dom;
            boolean dowOk = anyDow || t.getDayOfWeek().getValue() % 7 == dow;
            boolean dayOk = !anyDom && !anyDow ? domOk || dowOk : domOk && dowOk;
            if (minOk && hourOk && dayOk) {
                expected = t;
            }
        }
        List<Object> got = new ArrayList<>();
        CronExpression.parse(expr).next(start).ifPresent(got::add);
        assertThat(got).containsExactly(expected);
    }
}

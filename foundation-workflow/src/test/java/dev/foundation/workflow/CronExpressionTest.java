package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CronExpressionTest {

    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static String next(String expr, String after) {
        return CronExpression.parse(expr).next(ZonedDateTime.parse(after)).orElseThrow().toString();
    }

    /** The next {@code count} fire times after a local time in a zone, as offset date-times. */
    private static List<String> fires(String expr, ZoneId zone, String afterOffsetDateTime, int count) {
        CronExpression cron = CronExpression.parse(expr);
        ZonedDateTime t = java.time.OffsetDateTime.parse(afterOffsetDateTime).atZoneSameInstant(zone);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            t = cron.next(t).orElseThrow();
            out.add(t.toOffsetDateTime().toString());
        }
        return out;
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
        assertThat(next("0 0 * jAn sUn", "2026-11-23T00:00:00Z")).isEqualTo("2027-01-03T00:00Z");
        assertThat(next("0 12 * * 7", "2026-11-23T00:00:00Z")).isEqualTo("2026-11-29T12:00Z"); // 7 = Sunday
        assertThat(next("10/20 * * * *", "2026-11-23T10:31:00Z")).isEqualTo("2026-11-23T10:50Z");
    }

    @Test
    void next_matchesEitherDayField_whenBothAreRestricted() {
        // the 1st of the month OR a Friday: after Mon 2026-11-23 the next is Fri 2026-11-27
        assertThat(next("0 0 1 * FRI", "2026-11-23T00:00:00Z")).isEqualTo("2026-11-27T00:00Z");
        // day-of-week unrestricted: only the 1st
        assertThat(next("0 0 1 * *", "2026-11-23T00:00:00Z")).isEqualTo("2026-12-01T00:00Z");
        // a day field starting with '*' makes both fields apply: the 1st AND a Friday (2027-01-01 is a Friday)
        assertThat(next("0 0 1 * */5", "2026-11-23T00:00:00Z")).isEqualTo("2027-01-01T00:00Z");
        // February 30 never exists, but with both fields restricted any Monday in February matches
        assertThat(next("0 0 30 2 MON", "2026-11-23T00:00:00Z")).isEqualTo("2027-02-01T00:00Z");
    }

    @Test
    void next_findsLeapDay() {
        assertThat(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00Z");
    }

    @Test
    void next_findsFiringsDecadesAway_whenBothDayFieldsLimitIt() {
        // February 29 that is a Sunday (*/7 is 0 and 7): 2032, then 2060, then 2088
        assertThat(next("0 0 29 2 */7", "2026-12-06T00:00:00Z")).isEqualTo("2032-02-29T00:00Z");
        assertThat(next("0 0 29 2 */7", "2032-02-29T00:00:00Z")).isEqualTo("2060-02-29T00:00Z");
        assertThat(next("0 0 29 2 */7", "2060-03-01T00:00:00Z")).isEqualTo("2088-02-29T00:00Z");
        // */1 is every day of the week: after 2096 the next February 29 is in 2104 (2100 is not a leap year)
        assertThat(next("0 0 29 2 */1", "2096-03-01T00:00:00Z")).isEqualTo("2104-02-29T00:00Z");
        // in a zone with daylight saving too
        assertThat(CronExpression.parse("0 0 29 2 */7").next(ZonedDateTime.of(2033, 1, 1, 0, 0, 0, 0, NEW_YORK))
                .orElseThrow().toOffsetDateTime()).hasToString("2060-02-29T00:00-05:00");
    }

    @Test
    void parse_rejectsExpressionsThatNeverFire() {
        for (String never : List.of("0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30-31 2 */7", "0 0 31 FEB-APR/2 *",
                "0 0 30,31 2 *")) {
            assertThatThrownBy(() -> CronExpression.parse(never)).as(never)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never fires");
        }
        assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *")).hasMessage("cron expression '0 0 30 2 *' never"
                + " fires: no month in month field '2' has a day in day-of-month field '30'");
        assertThatThrownBy(() -> Schedule.cron("30 2 31 2 *")).isInstanceOf(IllegalArgumentException.class);
    }

    // The next two cases never returned (the loop stepped back and forth across the 30-minute change). The
    // timeout only guards the build against that hang; the answer takes microseconds.
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void next_terminates_acrossThirtyMinuteAutumnChange() {
        // Lord Howe 2026-04-05: 02:00+11:00 becomes 01:30+10:30, local 01:30-02:00 happens twice
        assertThat(fires("0 3 * * *", LORD_HOWE, "2026-04-05T00:30+11:00", 2))
                .containsExactly("2026-04-05T03:00+10:30", "2026-04-06T03:00+10:30");
        // fixed time in the repeated half hour: once, at the first occurrence
        assertThat(fires("45 1 * * *", LORD_HOWE, "2026-04-05T00:30+11:00", 2))
                .containsExactly("2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30");
        // a wildcard hour repeats it
        assertThat(fires("45 * * * *", LORD_HOWE, "2026-04-05T00:30+11:00", 3))
                .containsExactly("2026-04-05T00:45+11:00", "2026-04-05T01:45+11:00", "2026-04-05T01:45+10:30");
        assertThat(fires("*/20 * * * *", LORD_HOWE, "2026-04-05T01:30+11:00", 6)).containsExactly(
                "2026-04-05T01:40+11:00", "2026-04-05T01:40+10:30", "2026-04-05T02:00+10:30",
                "2026-04-05T02:20+10:30", "2026-04-05T02:40+10:30", "2026-04-05T03:00+10:30");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void next_keepsTimesThatExist_andRunsSkippedOnesAfterThirtyMinuteSpringJump() {
        // Lord Howe 2026-10-04: 02:00+10:30 becomes 02:30+11:00
        assertThat(fires("0 3 * * *", LORD_HOWE, "2026-10-04T00:30+10:30", 2))
                .containsExactly("2026-10-04T03:00+11:00", "2026-10-05T03:00+11:00");
        // 02:15 does not exist that day: a fixed time runs right after the jump
        assertThat(fires("15 2 * * *", LORD_HOWE, "2026-10-04T00:30+10:30", 2))
                .containsExactly("2026-10-04T02:30+11:00", "2026-10-05T02:15+11:00");
        // a wildcard minute or hour skips what does not exist
        assertThat(fires("15 * * * *", LORD_HOWE, "2026-10-04T01:30+10:30", 2))
                .containsExactly("2026-10-04T03:15+11:00", "2026-10-04T04:15+11:00");
    }

    @Test
    void next_firesFixedTimesOnce_andWildcardsTwice_inTheRepeatedAutumnHour() {
        // New York 2026-11-01: 02:00-04:00 becomes 01:00-05:00
        assertThat(fires("0 1 * * *", NEW_YORK, "2026-11-01T00:30-04:00", 2))
                .containsExactly("2026-11-01T01:00-04:00", "2026-11-02T01:00-05:00");
        assertThat(fires("30 1 * * *", NEW_YORK, "2026-11-01T01:40-04:00", 1)).containsExactly("2026-11-02T01:30-05:00");
        assertThat(fires("30 * * * *", NEW_YORK, "2026-11-01T00:45-04:00", 3))
                .containsExactly("2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T02:30-05:00");
        assertThat(fires("*/30 1 * * *", NEW_YORK, "2026-11-01T00:45-04:00", 5)).containsExactly(
                "2026-11-01T01:00-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:00-05:00",
                "2026-11-01T01:30-05:00", "2026-11-02T01:00-05:00");
    }

    @Test
    void next_runsSkippedFixedTimesOnceAfterTheSpringJump_andSkipsWildcards() {
        // New York 2026-03-08: 02:00-05:00 becomes 03:00-04:00
        assertThat(fires("30 2 * * *", NEW_YORK, "2026-03-08T00:00-05:00", 2))
                .containsExactly("2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00");
        // several skipped matches and 03:00 itself: one fire at the jump
        assertThat(fires("0,30 2,3 * * *", NEW_YORK, "2026-03-08T01:59-05:00", 2))
                .containsExactly("2026-03-08T03:00-04:00", "2026-03-08T03:30-04:00");
        assertThat(fires("30 */1 * * *", NEW_YORK, "2026-03-08T01:00-05:00", 2))
                .containsExactly("2026-03-08T01:30-05:00", "2026-03-08T03:30-04:00");
        // Paris 2026-03-29: 02:00-03:00 does not exist
        ZonedDateTime before = ZonedDateTime.of(2026, 3, 29, 0, 30, 0, 0, ZoneId.of("Europe/Paris"));
        ZonedDateTime n = CronExpression.parse("30 2 * * *").next(before).orElseThrow();
        assertThat(n.toOffsetDateTime()).hasToString("2026-03-29T03:00+02:00");
    }

    @Test
    void next_crossesMidnightTransitions() {
        // Santiago: 2026-04-05 00:00-03:00 becomes 2026-04-04 23:00-04:00; 2026-09-06 00:00 becomes 01:00
        ZoneId santiago = ZoneId.of("America/Santiago");
        assertThat(fires("30 23 * * SAT", santiago, "2026-04-04T22:00-03:00", 2))
                .containsExactly("2026-04-04T23:30-03:00", "2026-04-11T23:30-04:00");
        assertThat(fires("30 0 6 9 *", santiago, "2026-09-05T12:00-04:00", 1)).containsExactly("2026-09-06T01:00-03:00");
    }

    @Test
    void next_runsAFixedTimeOnce_whenAWholeDayIsSkipped() {
        // Samoa skipped 2011-12-30: 2011-12-29T24:00-10:00 became 2011-12-31T00:00+14:00
        ZoneId apia = ZoneId.of("Pacific/Apia");
        assertThat(fires("0 12 30 12 *", apia, "2011-12-29T12:00-10:00", 2))
                .containsExactly("2011-12-31T00:00+14:00", "2012-12-30T12:00+14:00");
        assertThat(fires("0 */6 * * *", apia, "2011-12-29T17:00-10:00", 2))
                .containsExactly("2011-12-29T18:00-10:00", "2011-12-31T00:00+14:00");
    }

    @Test
    void next_keepsTheZoneOfItsArgument_andReturnsFixedOffsetsForOffsetZones() {
        ZonedDateTime n = CronExpression.parse("0 12 * * *").next(ZonedDateTime.of(2026, 7, 1, 0, 0, 0, 0, NEW_YORK))
                .orElseThrow();
        assertThat(n.getZone()).isEqualTo(NEW_YORK);
        assertThat(n.toOffsetDateTime()).hasToString("2026-07-01T12:00-04:00");
        assertThat(next("0 12 * * *", "2026-07-01T13:00:00+05:30")).isEqualTo("2026-07-02T12:00+05:30");
    }

    @Test
    void next_isEmpty_onlyBeyondTheLastSupportedYear() {
        ZonedDateTime end = ZonedDateTime.parse("+999999999-12-31T23:00:00Z");
        assertThat(CronExpression.parse("30 23 * * *").next(end)).map(ZonedDateTime::toString)
                .contains("+999999999-12-31T23:30Z");
        assertThat(CronExpression.parse("0 0 * * *").next(end)).isEmpty();
    }

    @Test
    void parse_rejectsInvalidFields_namingTheFieldAndToken() {
        assertThatThrownBy(() -> CronExpression.parse("* * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 5 fields").hasMessageContaining("has 4");
        assertThatThrownBy(() -> CronExpression.parse("   ")).hasMessageContaining("has 0");
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cron expression '60 * * * *': minute field '60' is out of range [0, 59]");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("month field 'FOO' is not a number (ASCII digits 0-9) or a name (JAN-DEC)");
        assertThatThrownBy(() -> CronExpression.parse("* 5-2 * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hour field '5-2' is a range whose end is before its start");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute field '0' is out of range [1, 59]");
        assertThatThrownBy(() -> CronExpression.parse("1,,2 * * * *")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minute field '1,,2' has an empty list element");
        assertThatThrownBy(() -> CronExpression.parse("-1 * * * *"))
                .hasMessageContaining("minute field '-1' is a range without a start");
        assertThatThrownBy(() -> CronExpression.parse("1- * * * *"))
                .hasMessageContaining("minute field '1-' is a range without an end");
        assertThatThrownBy(() -> CronExpression.parse("1-2-3 * * * *"))
                .hasMessageContaining("minute field '1-2-3' has more than one '-'");
        assertThatThrownBy(() -> CronExpression.parse("*/ * * * *")).hasMessageContaining("minute field '*/' has no step");
        assertThatThrownBy(() -> CronExpression.parse("/5 * * * *"))
                .hasMessageContaining("minute field '/5' has no value before '/'");
        assertThatThrownBy(() -> CronExpression.parse("* 99999999999 * * *"))
                .hasMessageContaining("hour field '99999999999' is out of range [0, 23]");
    }

    @Test
    void parse_acceptsOnlyAsciiDigitsAndNames_whateverTheLocale() {
        // Arabic-Indic five, fullwidth five, a plus sign, long s, dotless i, Kelvin sign
        for (String bad : List.of("\u0665 * * * *", "\uFF15 * * * *", "+5 * * * *", "* * * * \u017Fun",
                "* * * * fr\u0131", "* * * * 1-\u0665", "* * * DE\u212A *", "*/+5 * * * *")) {
            assertThatThrownBy(() -> CronExpression.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a number");
        }
        assertThatThrownBy(() -> CronExpression.parse("* * * * \u017Fun"))
                .hasMessageContaining("day-of-week field '\u017Fun' is not a number (ASCII digits 0-9) or a name"
                        + " (SUN-SAT)");
    }

    @Test
    void parse_capsEchoedInput() {
        String huge = "1".repeat(1_000_000) + " * * * *";
        assertThatThrownBy(() -> CronExpression.parse(huge)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400)
                        .contains("...(1000008 chars)").contains("...(1000000 chars)' is out of range [0, 59]"));
        String many = "* ".repeat(500_000);
        assertThatThrownBy(() -> CronExpression.parse(many))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).endsWith("has 500000"));
    }

    @Test
    void equals_distinguishesWildcardsFromFullLists() {
        // same minutes, but "0-59" is a fixed-time job for daylight saving and "*" is not
        assertThat(CronExpression.parse("* 1 * * *")).isEqualTo(CronExpression.parse("*/1 1 * * *"))
                .isNotEqualTo(CronExpression.parse("0-59 1 * * *"));
        assertThat(CronExpression.parse("0 0 1 * MON")).isNotEqualTo(CronExpression.parse("0 0 1 * */1"));
    }

    @Test
    void schedule_fixedRate_andCron() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Schedule.fixedRate(Duration.ofMinutes(5)).next(t)).contains(t.plusSeconds(300));
        assertThat(Schedule.cron("0 * * * *").next(t)).contains(Instant.parse("2026-11-23T11:00:00Z"));
        assertThatThrownBy(() -> Schedule.fixedRate(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be >= 1s but was PT0.01S");
    }

    @Test
    void schedule_cronInAZone_followsItsDaylightSaving() {
        Schedule s = Schedule.cron("0 1 * * *", NEW_YORK);
        Instant first = s.next(Instant.parse("2026-11-01T04:00:00Z")).orElseThrow(); // 00:00 EDT
        assertThat(first).isEqualTo(Instant.parse("2026-11-01T05:00:00Z")); // 01:00 EDT
        assertThat(s.next(first)).contains(Instant.parse("2026-11-02T06:00:00Z")); // 01:00 EST next day
        assertThat(Schedule.cron("30 2 * * *", NEW_YORK).next(Instant.parse("2026-03-08T05:00:00Z")))
                .contains(Instant.parse("2026-03-08T07:00:00Z")); // 03:00 EDT, right after the jump
    }
}

package dev.foundation.workflow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard 5-field cron expression: {@code minute hour day-of-month month day-of-week}, with the semantics of
 * Vixie cron and cronie.
 *
 * <h2>Syntax</h2>
 * Each field accepts {@code *}, a number, a range {@code a-b}, a step over either (<code>*&#47;n</code>,
 * {@code a-b/n}, and {@code a/n} meaning from a to the field's maximum), and comma-separated lists of those.
 * Ranges are minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-7 (0 and 7 are Sunday); a
 * step is 1 to the field's maximum. Months also accept {@code JAN}-{@code DEC} and days of week
 * {@code SUN}-{@code SAT}, in any letter case. Parsing is ASCII-only and independent of the default locale: only
 * the digits {@code 0}-{@code 9} form numbers (no sign, no other script's digits), and names are compared letter
 * by letter in ASCII (so <code>&#383;un</code> with a long s, or <code>fr&#305;</code> with a dotless i, are not
 * names).
 *
 * <h2>Which days match</h2>
 * As in Vixie cron: when both day-of-month and day-of-week are restricted (neither field starts with {@code *}),
 * a day matches if <em>either</em> does ({@code 0 0 1 * FRI} fires on the 1st and on every Friday); when either
 * field starts with {@code *} (including <code>*&#47;n</code>), a day must match both. An expression that can
 * never fire (such as {@code 0 0 30 2 *}, February 30) is rejected by {@link #parse}; every accepted expression
 * fires at least once in any 400 years (the Gregorian calendar repeats), and {@link #next} finds it directly
 * however far away it is (<code>0 0 29 2 *&#47;7</code>, February 29 on a Sunday, can be 28 years away or
 * more).
 *
 * <h2>Daylight saving time</h2>
 * Times are local times of the zone of the {@link ZonedDateTime} passed to {@link #next}. Like cronie, an
 * expression is either <em>wildcard</em> (its minute or hour field starts with {@code *}, as in
 * <code>*&#47;5 * * * *</code> or {@code 0 * * * *}) or <em>fixed-time</em> (neither starts with {@code *}, as
 * in {@code 30 2 * * *}):
 * <ul>
 *   <li><b>Gap</b> (clocks jump forward, local times that do not exist): a fixed-time expression that matches a
 *       skipped local time fires once, at the instant of the jump (in New York, {@code 30 2 * * *} fires at
 *       03:00 on the spring change day; several skipped matches still fire once). A wildcard expression simply
 *       does not fire at skipped times.</li>
 *   <li><b>Overlap</b> (clocks go back, local times that occur twice): a fixed-time expression fires once, at
 *       the first occurrence ({@code 0 1 * * *} in New York fires at 01:00 EDT, not again at 01:00 EST); a
 *       wildcard expression fires at both occurrences.</li>
 * </ul>
 * This holds for changes of any size (the 30-minute changes of Australia/Lord_Howe included). Unlike cronie,
 * which treats a clock change of 3 hours or more as the clock being set and does not catch up, this class
 * applies the rules above to every zone transition, whatever its size.
 *
 * <pre>{@code
 * CronExpression.parse("30 2 * * MON-FRI")   // 02:30 on weekdays
 * CronExpression.parse("0/15 * * * *")       // every 15 minutes
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CronExpression {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** The longest each month can be (February in a leap year). */
    private static final int[] MAX_MONTH_LENGTH = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /** The Gregorian calendar (dates and weekdays) repeats every 400 years: a possible match lies within. */
    private static final int CALENDAR_CYCLE_YEARS = 400;
    /** How much of the user's input an error message echoes. */
    private static final int MAX_ECHO = 100;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    /** Both day fields are restricted: a day matches if either matches (Vixie cron). */
    private final boolean eitherDay;
    /** The minute or the hour field starts with '*' (cronie's wildcard job). */
    private final boolean wildcard;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean eitherDay, boolean wildcard) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.eitherDay = eitherDay;
        this.wildcard = wildcard;
    }

    /**
     * Parses an expression.
     *
     * @param expression five whitespace-separated fields
     * @return the expression
     * @throws IllegalArgumentException naming the field and the token that is wrong, or saying that the
     *                                  expression can never fire (error messages echo at most 100 characters
     *                                  of the input)
     */
    public static CronExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String trimmed = expression.trim();
        String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression must have 5 fields (minute hour day-of-month month"
                    + " day-of-week) but '" + echo(expression) + "' has " + fields.length);
        }
        BitSet minutes = field(trimmed, "minute", fields[0], 0, 59, null);
        BitSet hours = field(trimmed, "hour", fields[1], 0, 23, null);
        BitSet dom = field(trimmed, "day-of-month", fields[2], 1, 31, null);
        BitSet months = field(trimmed, "month", fields[3], 1, 12, MONTHS);
        BitSet dow = field(trimmed, "day-of-week", fields[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        boolean eitherDay = !fields[2].startsWith("*") && !fields[4].startsWith("*");
        if (!eitherDay && !anyDate(months, dom)) {
            // A valid month/day pair falls on every weekday within 400 years, so only month and day-of-month
            // can make an expression impossible (with either-day matching, every week has a matching day).
            throw new IllegalArgumentException("cron expression '" + echo(trimmed) + "' never fires: no month in"
                    + " month field '" + echo(fields[3]) + "' has a day in day-of-month field '" + echo(fields[2])
                    + "'");
        }
        return new CronExpression(trimmed, minutes, hours, dom, months, dow, eitherDay,
                fields[0].startsWith("*") || fields[1].startsWith("*"));
    }

    private static boolean anyDate(BitSet months, BitSet dom) {
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            int first = dom.nextSetBit(1);
            if (first >= 0 && first <= MAX_MONTH_LENGTH[m]) {
                return true;
            }
        }
        return false;
    }

    private static BitSet field(String expression, String name, String field, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            if (part.isEmpty()) {
                throw invalid(expression, name, field, "has an empty list element");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                String stepText = part.substring(slash + 1);
                if (range.isEmpty()) {
                    throw invalid(expression, name, part, "has no value before '/'");
                }
                if (stepText.isEmpty()) {
                    throw invalid(expression, name, part, "has no step after '/'");
                }
                step = number(expression, name, stepText, 1, max, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash == 0) {
                    throw invalid(expression, name, part, "is a range without a start (numbers have no sign)");
                } else if (dash == range.length() - 1) {
                    throw invalid(expression, name, part, "is a range without an end");
                } else if (dash > 0) {
                    if (range.indexOf('-', dash + 1) >= 0) {
                        throw invalid(expression, name, part, "has more than one '-'");
                    }
                    from = number(expression, name, range.substring(0, dash), min, max, names);
                    to = number(expression, name, range.substring(dash + 1), min, max, names);
                    if (to < from) {
                        throw invalid(expression, name, part, "is a range whose end is before its start");
                    }
                } else {
                    from = number(expression, name, range, min, max, names);
                    to = slash >= 0 ? max : from;
                }
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    /** An ASCII number in [min, max], or (with names) a 3-letter ASCII name in any letter case. */
    private static int number(String expression, String name, String token, int min, int max, String[] names) {
        if (names != null && token.length() == 3) {
            for (int i = 0; i < names.length; i++) {
                if (asciiEqualsIgnoreCase(names[i], token)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        boolean digits = !token.isEmpty();
        for (int i = 0; i < token.length() && digits; i++) {
            char c = token.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw invalid(expression, name, token, "is not a number (ASCII digits 0-9)"
                    + (names == null ? "" : " or a name (" + names[0] + "-" + names[names.length - 1] + ")"));
        }
        int v = Integer.MAX_VALUE;
        if (token.length() <= 9) {
            v = Integer.parseInt(token); // ASCII digits only, checked above
        }
        if (v < min || v > max) {
            throw invalid(expression, name, token, "is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static boolean asciiEqualsIgnoreCase(String upperName, String token) {
        for (int i = 0; i < upperName.length(); i++) {
            char c = token.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (c != upperName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String expression, String name, String token, String why) {
        return new IllegalArgumentException("cron expression '" + echo(expression) + "': " + name + " field '"
                + echo(token) + "' " + why);
    }

    /** Input echoed in a message, cut at {@value #MAX_ECHO} characters. */
    private static String echo(String s) {
        if (s.length() <= MAX_ECHO) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
        return s.substring(0, end) + "...(" + s.length() + " chars)";
    }

    /**
     * The first fire time strictly after a time, in that time's zone, following the daylight-saving rules in
     * the class description (a fixed-time expression whose local time falls in a gap fires at the instant of
     * the jump; in an overlap it fires at the first occurrence only; a wildcard expression fires at every
     * existing matching local time).
     *
     * @param after the reference time; its zone is the zone the expression is evaluated in
     * @return the next fire time (its offset tells which occurrence of a repeated local time it is), or empty
     *         only if it would lie beyond the year {@value java.time.Year#MAX_VALUE}
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after");
        ZoneId zone = after.getZone();
        ZoneRules rules = zone.getRules();
        // Walk the time line one stretch of constant offset at a time (from one zone transition to the next).
        // Within a stretch local time and instant map one to one; the transitions are where gaps and overlaps are.
        Instant at = after.toInstant();
        ZoneOffset offset = rules.getOffset(at);
        LocalDateTime from = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), offset)
                .truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime searchedFrom = null;
        LocalDateTime match = null;
        while (true) {
            ZoneOffsetTransition end = rules.nextTransition(at);
            LocalDateTime stretchEnd = end == null ? LocalDateTime.MAX : end.getDateTimeBefore();
            // the first matching local time >= from; reused while it stays ahead (it is the same answer)
            if (searchedFrom == null || from.isBefore(searchedFrom) || (match != null && from.isAfter(match))) {
                searchedFrom = from;
                match = nextMatch(from);
            }
            if (match == null) {
                return Optional.empty();
            }
            if (match.isBefore(stretchEnd)) {
                ZoneOffsetTransition around = rules.getTransition(match);
                if (!wildcard && around != null && around.isOverlap() && offset.equals(around.getOffsetAfter())) {
                    // second occurrence of a repeated local time: a fixed-time expression fired at the first
                    from = ceilMinute(around.getDateTimeBefore());
                    continue;
                }
                return Optional.of(ZonedDateTime.ofInstant(match.toInstant(offset), zone));
            }
            if (!wildcard && end.isGap() && match.isBefore(end.getDateTimeAfter())) {
                // a fixed time skipped by the jump runs right after it, once
                return Optional.of(ZonedDateTime.ofInstant(end.getInstant(), zone));
            }
            at = end.getInstant();
            offset = end.getOffsetAfter();
            LocalDateTime next = ceilMinute(end.getDateTimeAfter());
            from = next.isAfter(from) || end.isOverlap() ? next : from;
        }
    }

    private static LocalDateTime ceilMinute(LocalDateTime t) {
        LocalDateTime floor = t.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(t) ? t : floor.plusMinutes(1);
    }

    /** The first local date-time at or after {@code from} (whole minutes) that matches, by field. */
    private LocalDateTime nextMatch(LocalDateTime from) {
        int y = from.getYear();
        int mo = from.getMonthValue();
        int d = from.getDayOfMonth();
        int h = from.getHour();
        int mi = from.getMinute();
        long lastYear = Math.min(Year.MAX_VALUE, (long) y + CALENDAR_CYCLE_YEARS);
        while (y <= lastYear) {
            int m = months.nextSetBit(mo);
            if (m < 0) {
                y++;
                mo = 1;
                d = 1;
                h = 0;
                mi = 0;
                continue;
            }
            if (m != mo) {
                mo = m;
                d = 1;
                h = 0;
                mi = 0;
            }
            int day = nextDay(y, mo, d);
            if (day < 0) {
                mo++;
                if (mo > 12) {
                    y++;
                    mo = 1;
                }
                d = 1;
                h = 0;
                mi = 0;
                continue;
            }
            if (day != d) {
                d = day;
                h = 0;
                mi = 0;
            }
            int hour = hours.nextSetBit(h);
            if (hour < 0) {
                d++;
                h = 0;
                mi = 0;
                continue;
            }
            if (hour != h) {
                h = hour;
                mi = 0;
            }
            int minute = minutes.nextSetBit(mi);
            if (minute < 0) {
                h++;
                mi = 0;
                continue;
            }
            return LocalDateTime.of(y, mo, d, h, minute);
        }
        return null;
    }

    /** The first matching day of a month at or after {@code from}, or -1. */
    private int nextDay(int year, int month, int from) {
        int length = LocalDate.of(year, month, 1).lengthOfMonth();
        if (from > length) {
            return -1;
        }
        int dow = LocalDate.of(year, month, from).getDayOfWeek().getValue() % 7;
        for (int d = from; d <= length; d++, dow = dow == 6 ? 0 : dow + 1) {
            boolean dom = daysOfMonth.get(d);
            boolean wd = daysOfWeek.get(dow);
            if (eitherDay ? dom || wd : dom && wd) {
                return d;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.minutes.equals(minutes) && c.hours.equals(hours)
                && c.daysOfMonth.equals(daysOfMonth) && c.months.equals(months) && c.daysOfWeek.equals(daysOfWeek)
                && c.eitherDay == eitherDay && c.wildcard == wildcard;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minutes, hours, daysOfMonth, months, daysOfWeek, eitherDay, wildcard);
    }

    @Override
    public String toString() {
        return text;
    }
}

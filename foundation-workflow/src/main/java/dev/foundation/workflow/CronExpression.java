package dev.foundation.workflow;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard 5-field cron expression: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field accepts {@code *}, a number, a range {@code a-b}, a step over either ({@code a/n} means from a
 * to the maximum; {@code a-b/n}; a star followed by /n), and comma-separated lists of those. Months accept {@code JAN}-{@code DEC}; days of week
 * accept {@code SUN}-{@code SAT} and {@code 0}-{@code 7} (0 and 7 are Sunday). As in Vixie cron, when both
 * day-of-month and day-of-week are restricted (neither starts with {@code *}), a day matches if either does.
 *
 * <pre>{@code
 * CronExpression.parse("30 2 * * MON-FRI")   // 02:30 on weekdays
 * CronExpression.parse("0/15 * * * *")       // every 15 minutes
 * }</pre>
 */
public final class CronExpression {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** How far ahead {@link #next} looks before deciding the expression never fires (covers leap years). */
    private static final int MAX_YEARS = 9;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /**
     * Parses an expression.
     *
     * @param expression five whitespace-separated fields
     * @return the expression
     * @throws IllegalArgumentException naming the field and the value that is wrong
     */
    public static CronExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron expression must have 5 fields (minute hour day-of-month month"
                    + " day-of-week) but '" + expression + "' has " + (expression.isBlank() ? 0 : fields.length));
        }
        BitSet minutes = field(expression, "minute", fields[0], 0, 59, null);
        BitSet hours = field(expression, "hour", fields[1], 0, 23, null);
        BitSet dom = field(expression, "day-of-month", fields[2], 1, 31, null);
        BitSet months = field(expression, "month", fields[3], 1, 12, MONTHS);
        BitSet dow = field(expression, "day-of-week", fields[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        return new CronExpression(expression.trim(), minutes, hours, dom, months, dow,
                !fields[2].startsWith("*"), !fields[4].startsWith("*"));
    }

    private static BitSet field(String expression, String name, String field, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            if (part.isEmpty()) {
                throw invalid(expression, name, field, "an empty list element");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(expression, name, part.substring(slash + 1), 1, max, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash >= 0) {
                    from = number(expression, name, range.substring(0, dash), min, max, names);
                    to = number(expression, name, range.substring(dash + 1), min, max, names);
                    if (to < from) {
                        throw invalid(expression, name, field, "a range " + range + " whose end is before its start");
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

    private static int number(String expression, String name, String text, int min, int max, String[] names) {
        if (names != null) {
            String upper = text.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(expression, name, text, "not a number" + (names == null ? "" : " or name"));
        }
        if (v < min || v > max) {
            throw invalid(expression, name, text, "out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static IllegalArgumentException invalid(String expression, String name, String value, String why) {
        return new IllegalArgumentException("cron expression '" + expression + "': " + name + " field '" + value
                + "' is " + why);
    }

    /**
     * The first matching minute strictly after a time, in that time's zone.
     *
     * @param after the reference time
     * @return the next match, or empty if the expression never matches (such as February 30)
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after");
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = after.plusYears(MAX_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        DayOfWeek d = t.getDayOfWeek();
        boolean dow = daysOfWeek.get(d.getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.minutes.equals(minutes) && c.hours.equals(hours)
                && c.daysOfMonth.equals(daysOfMonth) && c.months.equals(months) && c.daysOfWeek.equals(daysOfWeek)
                && c.domRestricted == domRestricted && c.dowRestricted == dowRestricted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minutes, hours, daysOfMonth, months, daysOfWeek, domRestricted, dowRestricted);
    }

    @Override
    public String toString() {
        return text;
    }
}

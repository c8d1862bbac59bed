package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link CronExpression#next} against references written here from the documented semantics alone: a
 * minute-by-minute scan of the time line (with the daylight-saving rules) and a day-by-day scan of the calendar.
 * Expressions are generated as field models that render themselves to text and decide membership by
 * arithmetic, so the parser is checked too.
 */
class CronExpressionProperties {

    /** 30- and 60-minute changes, both hemispheres, changes at midnight (Santiago) and none (UTC). */
    private static final List<String> ZONES = List.of("Australia/Lord_Howe", "America/New_York", "Europe/London",
            "UTC", "America/Santiago", "Australia/Sydney");
    /** How far the minute-by-minute reference looks. */
    private static final Duration WINDOW = Duration.ofDays(4);
    private static final String[] MONTH_NAMES = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
        "OCT", "NOV", "DEC"};
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    enum Kind { STAR, STAR_STEP, VALUE, RANGE, RANGE_STEP, VALUE_STEP }

    /** One list element of a field; {@code nameCase} 1-3 writes a name in upper, lower or title case. */
    record Element(Kind kind, int a, int b, int step, int nameCase) {
        boolean contains(int x, int min) {
            return switch (kind) {
                case STAR -> true;
                case STAR_STEP -> (x - min) % step == 0;
                case VALUE -> x == a;
                case RANGE -> a <= x && x <= b;
                case RANGE_STEP -> a <= x && x <= b && (x - a) % step == 0;
                case VALUE_STEP -> x >= a && (x - a) % step == 0;
            };
        }

        String text(String[] names, int min) {
            return switch (kind) {
                case STAR -> "*";
                case STAR_STEP -> "*/" + step;
                case VALUE -> value(a, names, min);
                case RANGE -> value(a, names, min) + "-" + value(b, names, min);
                case RANGE_STEP -> a + "-" + b + "/" + step;
                case VALUE_STEP -> a + "/" + step;
            };
        }

        private String value(int v, String[] names, int min) {
            if (nameCase == 0 || names == null || v - min >= names.length) {
                return Integer.toString(v);
            }
            String name = names[v - min];
            return switch (nameCase) {
                case 1 -> name;
                case 2 -> name.toLowerCase(Locale.ROOT);
                default -> name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
            };
        }
    }

    record Field(List<Element> elements, int min, String[] names) {
        boolean contains(int x) {
            for (Element e : elements) {
                if (e.contains(x, min)) {
                    return true;
                }
            }
            return false;
        }

        boolean startsWithStar() {
            Kind first = elements.get(0).kind();
            return first == Kind.STAR || first == Kind.STAR_STEP;
        }

        String text() {
            return elements.stream().map(e -> e.text(names, min)).collect(Collectors.joining(","));
        }
    }

    record Cron(Field minute, Field hour, Field dayOfMonth, Field month, Field dayOfWeek) {
        String text() {
            return String.join(" ", minute.text(), hour.text(), dayOfMonth.text(), month.text(), dayOfWeek.text());
        }

        /** Repeats in an overlap and skips a gap (cronie's wildcard job). */
        boolean wildcard() {
            return minute.startsWithStar() || hour.startsWithStar();
        }

        boolean dayMatches(LocalDate d) {
            if (!month.contains(d.getMonthValue())) {
                return false;
            }
            int weekday = d.getDayOfWeek().getValue() % 7; // Sunday 0
            boolean dom = dayOfMonth.contains(d.getDayOfMonth());
            boolean dow = dayOfWeek.contains(weekday) || weekday == 0 && dayOfWeek.contains(7);
            boolean bothRestricted = !dayOfMonth.startsWithStar() && !dayOfWeek.startsWithStar();
            return bothRestricted ? dom || dow : dom && dow;
        }

        boolean matches(LocalDateTime t) {
            return minute.contains(t.getMinute()) && hour.contains(t.getHour()) && dayMatches(t.toLocalDate());
        }
    }

    /**
     * The reference: every whole minute after {@code after} in turn. A minute fires if its local time matches
     * and is its only or first occurrence (every occurrence for a wildcard), or, for a fixed-time expression,
     * if the clock jumped to it over a local time that matches. The zones tested have whole-minute offsets.
     */
    static Optional<Instant> referenceNext(Cron cron, ZoneId zone, Instant after, Duration window) {
        ZoneRules rules = zone.getRules();
        Instant t = after.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
        LocalDateTime previous = LocalDateTime.ofInstant(t.minusSeconds(60), zone);
        for (; !t.isAfter(after.plus(window)); t = t.plusSeconds(60)) {
            LocalDateTime local = LocalDateTime.ofInstant(t, zone);
            if (cron.matches(local)) {
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                int firstOccurrence = offsets.stream().mapToInt(ZoneOffset::getTotalSeconds).max().orElseThrow();
                if (offsets.size() == 1 || cron.wildcard()
                        || rules.getOffset(t).getTotalSeconds() == firstOccurrence) {
                    return Optional.of(t);
                }
            }
            if (!cron.wildcard()) {
                for (LocalDateTime skipped = previous.plusMinutes(1); skipped.isBefore(local);
                     skipped = skipped.plusMinutes(1)) {
                    if (cron.matches(skipped)) {
                        return Optional.of(t);
                    }
                }
            }
            previous = local;
        }
        return Optional.empty();
    }

    /** The first date from {@code from} on whose day fields match, within 401 years. */
    static Optional<LocalDate> referenceNextDay(Cron cron, LocalDate from) {
        LocalDate end = from.plusYears(401);
        for (LocalDate d = from; d.isBefore(end); d = d.plusDays(1)) {
            if (cron.dayMatches(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Property(tries = 1000)
    void next_equalsMinuteByMinuteReference_acrossDaylightSaving(@ForAll("crons") Cron cron,
                                                                 @ForAll("starts") ZonedDateTime start) {
        Optional<Instant> expected = assertNextAsReference(cron, start, WINDOW);
        Statistics.label("fires in window").collect(expected.isPresent());
        Statistics.label("fires within 6 h of a zone change").collect(expected.map(f -> nearChange(f, start.getZone()))
                .orElse(false));
        Statistics.label("fires in window").coverage(c -> c.check(true).percentage(p -> p > 40));
        Statistics.label("fires within 6 h of a zone change").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    /** Every zone of the JDK, around one of its changes between 1900 and 2100 (whole-minute offsets only). */
    @Property(tries = 400)
    void next_equalsMinuteByMinuteReference_inEveryZone(@ForAll("crons") Cron cron,
                                                        @ForAll("anyZoneStarts") ZonedDateTime start) {
        Duration window = Duration.ofDays(2);
        ZoneRules rules = start.getZone().getRules();
        for (Instant t = start.toInstant().minus(Duration.ofDays(1)); t.isBefore(start.toInstant().plus(window));
             t = t.plus(Duration.ofHours(1))) {
            Assume.that(rules.getOffset(t).getTotalSeconds() % 60 == 0);
        }
        assertNextAsReference(cron, start, window);
    }

    /** Checks {@code next(start)} against {@link #referenceNext}; returns the reference's answer. */
    private static Optional<Instant> assertNextAsReference(Cron cron, ZonedDateTime start, Duration window) {
        Optional<Instant> expected = referenceNext(cron, start.getZone(), start.toInstant(), window);
        CronExpression parsed;
        try {
            parsed = CronExpression.parse(cron.text());
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageContaining("never fires");
            assertThat(referenceNextDay(cron, LocalDate.of(2000, 1, 1))).isEmpty();
            return expected;
        }
        Optional<ZonedDateTime> actual = parsed.next(start);
        assertThat(actual).isPresent();
        assertThat(actual.get().getZone()).isEqualTo(start.getZone());
        if (expected.isPresent()) {
            assertThat(actual.get().toInstant()).as("%s after %s", cron.text(), start).isEqualTo(expected.get());
        } else {
            assertThat(actual.get().toInstant()).as("%s after %s", cron.text(), start)
                    .isAfter(start.toInstant().plus(window));
        }
        return expected;
    }

    private static boolean nearChange(Instant fire, ZoneId zone) {
        ZoneOffsetTransition next = zone.getRules().nextTransition(fire.minus(Duration.ofHours(6)));
        return next != null && next.getInstant().isBefore(fire.plus(Duration.ofHours(6)));
    }

    @Property(tries = 200)
    void next_findsTheFirstMatchingDay_howeverFarAway(@ForAll("rareDays") Cron cron,
                                                       @ForAll @IntRange(min = 1900, max = 2500) int year,
                                                       @ForAll @IntRange(min = 0, max = 365 * 24 * 60) int minuteOfYear,
                                                       @ForAll boolean newYork) {
        ZoneId zone = newYork ? ZoneId.of("America/New_York") : ZoneOffset.UTC;
        ZonedDateTime start = LocalDateTime.of(year, 1, 1, 0, 0).plusMinutes(minuteOfYear).atZone(zone);
        // hour 4-23 with a fixed minute: no daylight-saving change in New York touches the fire time
        LocalTime time = LocalTime.of(cron.hour().elements().get(0).a(), cron.minute().elements().get(0).a());
        Optional<LocalDate> day = referenceNextDay(cron, start.toLocalTime().isBefore(time)
                ? start.toLocalDate() : start.toLocalDate().plusDays(1));
        if (day.isEmpty()) {
            assertThatThrownBy(() -> CronExpression.parse(cron.text())).as(cron.text())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never fires");
            return;
        }
        assertThat(CronExpression.parse(cron.text()).next(start)).as("%s after %s", cron.text(), start)
                .contains(ZonedDateTime.of(day.get(), time, zone));
        int years = day.get().getYear() - start.getYear();
        Statistics.label("years ahead").collect(years == 0 ? "0" : years < 5 ? "1-4" : years < 20 ? "5-19" : "20+");
        Statistics.label("years ahead").coverage(c -> c.checkQuery(v -> v.get(0).equals("5-19") || v.get(0).equals("20+"))
                .count(n -> n > 0));
    }

    // ---- generators

    @Provide
    Arbitrary<Cron> crons() {
        Arbitrary<Integer> minutes = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.of(0, 15, 30, 45)), Tuple.of(1, Arbitraries.integers().between(0, 59))));
        // hours around the changes (00:00 Santiago, 01:00 London, 02:00 New York and Lord Howe, 03:00 Sydney)
        Arbitrary<Integer> hours = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.integers().between(0, 3)), Tuple.of(1, Arbitraries.integers().between(0, 23))));
        return Combinators.combine(
                field(minutes, 0, 59, null, 0),
                field(hours, 0, 23, null, 0),
                field(Arbitraries.integers().between(1, 31), 1, 31, null, 3),
                field(Arbitraries.integers().between(1, 12), 1, 12, MONTH_NAMES, 4),
                field(Arbitraries.integers().between(0, 7), 0, 7, DAY_NAMES, 2)).as(Cron::new);
    }

    /** A fixed time (hour 4-23) on days that can be years apart. */
    @Provide
    Arbitrary<Cron> rareDays() {
        Arbitrary<Field> minute = Arbitraries.integers().between(0, 59).map(m -> single(m, 0));
        Arbitrary<Field> hour = Arbitraries.integers().between(4, 23).map(h -> single(h, 0));
        Arbitrary<Field> month = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.just(single(2, 1))),
                Tuple.of(2, Arbitraries.integers().between(1, 12).map(m -> single(m, 1))),
                Tuple.of(1, field(Arbitraries.integers().between(1, 12), 1, 12, MONTH_NAMES, 0))));
        Arbitrary<Field> dom = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.just(single(29, 1))),
                Tuple.of(2, Arbitraries.integers().between(28, 31).map(d -> single(d, 1))),
                Tuple.of(1, field(Arbitraries.integers().between(1, 31), 1, 31, null, 0))));
        // a day-of-week starting with */n makes both day fields apply: February 29 on a Sunday is rare
        Arbitrary<Integer> steps = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.just(7)), Tuple.of(1, Arbitraries.integers().between(1, 7))));
        Arbitrary<Field> starStepFirst = Combinators.combine(steps,
                field(Arbitraries.integers().between(0, 7), 0, 7, DAY_NAMES, 0).list().ofMaxSize(1))
                .as((n, more) -> {
                    List<Element> elements = new ArrayList<>();
                    elements.add(new Element(Kind.STAR_STEP, 0, 0, n, 0));
                    more.forEach(f -> elements.addAll(f.elements()));
                    return new Field(elements, 0, DAY_NAMES);
                });
        Arbitrary<Field> dow = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, starStepFirst), Tuple.of(1, field(Arbitraries.integers().between(0, 7), 0, 7, DAY_NAMES, 0))));
        return Combinators.combine(minute, hour, dom, month, dow).as(Cron::new);
    }

    private static Field single(int value, int min) {
        return new Field(List.of(new Element(Kind.VALUE, value, value, 1, 0)), min, null);
    }

    /** A field of 1-3 elements; {@code starWeight} makes a lone '*' more likely. */
    private static Arbitrary<Field> field(Arbitrary<Integer> values, int min, int max, String[] names,
                                          int starWeight) {
        Arbitrary<Integer> steps = Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.integers().between(1, Math.min(6, max))),
                Tuple.of(1, Arbitraries.integers().between(1, max))));
        Arbitrary<Integer> nameCase = Arbitraries.integers().between(0, names == null ? 0 : 3);
        Arbitrary<Element> element = Arbitraries.frequencyOf(List.of(
                Tuple.of(2, Arbitraries.just(new Element(Kind.STAR, 0, 0, 1, 0))),
                Tuple.of(2, steps.map(n -> new Element(Kind.STAR_STEP, 0, 0, n, 0))),
                Tuple.of(4, Combinators.combine(values, nameCase).as((a, c) -> new Element(Kind.VALUE, a, a, 1, c))),
                Tuple.of(2, Combinators.combine(values, values, nameCase)
                        .as((a, b, c) -> new Element(Kind.RANGE, Math.min(a, b), Math.max(a, b), 1, c))),
                Tuple.of(1, Combinators.combine(values, values, steps)
                        .as((a, b, n) -> new Element(Kind.RANGE_STEP, Math.min(a, b), Math.max(a, b), n, 0))),
                Tuple.of(1, Combinators.combine(values, steps).as((a, n) -> new Element(Kind.VALUE_STEP, a, a, n, 0)))));
        Arbitrary<Field> general = element.list().ofMinSize(1).ofMaxSize(3).map(list -> new Field(list, min, names));
        if (starWeight == 0) {
            return general;
        }
        Field star = new Field(List.of(new Element(Kind.STAR, 0, 0, 1, 0)), min, names);
        return Arbitraries.frequencyOf(List.of(Tuple.of(starWeight, Arbitraries.just(star)), Tuple.of(1, general)));
    }

    @Provide
    Arbitrary<ZonedDateTime> anyZoneStarts() {
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().collect(Collectors.toList());
        return Combinators.combine(
                Arbitraries.of(zones).map(ZoneId::of),
                Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2100, 1, 1).toEpochDay()),
                Arbitraries.integers().between(-2 * 24 * 60, 24 * 60),
                Arbitraries.integers().between(0, 59)).as((zone, day, aroundChange, second) -> {
                    Instant someday = Instant.ofEpochSecond(day * 86_400);
                    ZoneOffsetTransition change = zone.getRules().nextTransition(someday);
                    Instant at = change == null ? someday : change.getInstant().plus(Duration.ofMinutes(aroundChange));
                    return ZonedDateTime.ofInstant(at.plusSeconds(second), zone);
                });
    }

    /** Mostly a few days around one of the zone's changes in 2020-2045, otherwise anywhere in such a year. */
    @Provide
    Arbitrary<ZonedDateTime> starts() {
        return Combinators.combine(
                Arbitraries.of(ZONES).map(ZoneId::of),
                Arbitraries.integers().between(2020, 2045),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(-2 * 24 * 60, 24 * 60),
                Arbitraries.integers().between(0, 365 * 24 * 60),
                Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 4)).as((zone, year, which, aroundChange, anywhere, second, mode) -> {
                    Instant yearStart = LocalDateTime.of(year, 1, 1, 0, 0).atZone(zone).toInstant();
                    ZoneOffsetTransition change = zone.getRules().nextTransition(yearStart);
                    if (change != null && which == 1) {
                        change = zone.getRules().nextTransition(change.getInstant());
                    }
                    Instant at = change == null || mode == 0
                            ? yearStart.plus(Duration.ofMinutes(anywhere))
                            : change.getInstant().plus(Duration.ofMinutes(aroundChange));
                    return ZonedDateTime.ofInstant(at.plusSeconds(mode == 1 ? 0 : second), zone);
                });
    }
}

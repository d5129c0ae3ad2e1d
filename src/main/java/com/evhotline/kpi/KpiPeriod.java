package com.evhotline.kpi;

import com.evhotline.common.BusinessDates;
import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The period a KPI request asks for, [from, to) in the hotline's zone, and its buckets. A date stands for its
 * whole day: {@code from=2026-12-01&to=2026-12-31} is December with its last day. Without {@code from} the
 * period starts on the first of the month it ends in; without {@code to} it ends now.
 */
public record KpiPeriod(Instant from, Instant to, GroupBy groupBy, ZoneId zone) {

    /** The longest period answered: five years of figures is already a long trend. */
    public static final int MAX_YEARS = 5;

    /** How a period is split into buckets; weeks start on Monday. */
    public enum GroupBy {
        DAY, WEEK, MONTH;

        /** The first day of the bucket that holds {@code day}. */
        LocalDate start(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
        }
    }

    /** One bucket of the period: [from, to), the bucket's first local day as its key. */
    public record Bucket(LocalDate key, Instant from, Instant to) {
    }

    public static KpiPeriod parse(String from, String to, String groupBy, Clock clock, ZoneId zone) {
        Instant end = to == null || to.isBlank() ? clock.instant() : bound("to", to, zone, true);
        Instant start = from == null || from.isBlank()
                ? end.minusNanos(1).atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant()
                : bound("from", from, zone, false);
        if (!start.isBefore(end)) {
            throw Problem.invalid("from: must be before to (" + WireTime.show(start, zone) + " is not before "
                    + WireTime.show(end, zone) + ")");
        }
        if (start.atZone(zone).plusYears(MAX_YEARS).toInstant().isBefore(end)) {
            throw Problem.invalid("to: a period spans at most " + MAX_YEARS + " years; ask for several");
        }
        return new KpiPeriod(start, end, groupBy(groupBy), zone);
    }

    private static GroupBy groupBy(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return GroupBy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("groupBy: '" + value + "' is not one of day, week, month");
        }
    }

    /** A date (its start; for the end, the start of the next day) or an instant with an offset. */
    private static Instant bound(String field, String value, ZoneId zone, boolean end) {
        String v = value.trim();
        if (v.length() == 10) {
            try {
                LocalDate day = LocalDate.parse(v);
                if (!BusinessDates.accepts(day)) {
                    throw Problem.invalid(field + ": " + v + " " + BusinessDates.RANGE);
                }
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw Problem.invalid(field + ": expected a date like 2026-12-01 or a time with an offset like "
                        + "2026-12-01T08:30:00+08:00, got '" + value + "'");
            }
        }
        return WireTime.parse(field, v);
    }

    /** The buckets of the period, in order, each cut to the period; none when it is not grouped. */
    public List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>();
        if (groupBy == null) {
            return out;
        }
        LocalDate last = to.minusNanos(1).atZone(zone).toLocalDate();
        for (LocalDate s = groupBy.start(from.atZone(zone).toLocalDate()); !s.isAfter(last); s = groupBy.next(s)) {
            Instant bucketFrom = s.atStartOfDay(zone).toInstant();
            Instant bucketTo = groupBy.next(s).atStartOfDay(zone).toInstant();
            out.add(new Bucket(s, bucketFrom.isBefore(from) ? from : bucketFrom, bucketTo.isAfter(to) ? to : bucketTo));
        }
        return out;
    }

    /** The key of the bucket that holds a local day. */
    public LocalDate bucketOf(LocalDate day) {
        return groupBy.start(day);
    }
}

package com.evhotline.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * How a period [from, to) splits for the summary, at an instant: the whole local days inside it that are over
 * (their figures can be kept), in order and without gaps, and the rest (parts of days at its edges, today, days to
 * come), which is always counted afresh.
 */
record KpiSpan(List<LocalDate> days, List<Range> live, ZoneId zone) {

    /** Part of a period counted afresh: [from, to). */
    record Range(Instant from, Instant to) {
    }

    static KpiSpan of(Instant from, Instant to, ZoneId zone, Instant now) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate d = from.atZone(zone).toLocalDate();
        if (start(d, zone).isBefore(from)) {
            d = d.plusDays(1);
        }
        for (; !end(d, zone).isAfter(to) && !end(d, zone).isAfter(now); d = d.plusDays(1)) {
            days.add(d);
        }
        List<Range> live = new ArrayList<>();
        if (days.isEmpty()) {
            live.add(new Range(from, to));
        } else {
            Instant first = start(days.get(0), zone);
            Instant last = end(days.get(days.size() - 1), zone);
            if (from.isBefore(first)) {
                live.add(new Range(from, first));
            }
            if (last.isBefore(to)) {
                live.add(new Range(last, to));
            }
        }
        return new KpiSpan(List.copyOf(days), List.copyOf(live), zone);
    }

    /** The first instant of a local day. */
    static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The first instant after a local day. */
    static Instant end(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * {@code days} (in order) as runs of consecutive days, each of at most {@code longest} days: what is summarised
     * in one statement and one transaction.
     */
    static List<List<LocalDate>> runs(List<LocalDate> days, int longest) {
        List<List<LocalDate>> out = new ArrayList<>();
        List<LocalDate> run = new ArrayList<>();
        for (LocalDate d : days) {
            if (!run.isEmpty() && (!run.get(run.size() - 1).plusDays(1).equals(d) || run.size() == longest)) {
                out.add(run);
                run = new ArrayList<>();
            }
            run.add(d);
        }
        if (!run.isEmpty()) {
            out.add(run);
        }
        return out;
    }
}

package com.evhotline.console;

import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiFigure;
import com.evhotline.kpi.KpiService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The data the dashboard's charts are drawn from, as the JSON the page embeds: the period's days with their
 * answer rates and average handling days, the answer rate of each hour of the day, the reply and dispatch deadlines met and breached by shift, and the
 * trend of the on-time rates over the months. Rates are in percent; a bucket with nothing decided is null. A
 * click on a point opens the items its figure counts over the point's days (the whole period for the hours and
 * the shifts, its own day or month for the others): the shifts name their figure and the months their days.
 */
final class DashboardCharts {

    /**
     * Deadlines of one kind ({@code reply}, {@code dispatch}) and shift (DAY, NIGHT): met and breached, counted by
     * the figure {@code key} ({@code replyOnTimeRateDay}), whose items they are.
     */
    record Shift(String kind, String shift, String key, long met, long breached) {
    }

    /** Whole local days, the first and the last, as the drill-down page reads its {@code from} and {@code to}. */
    record Span(String from, String to) {
    }

    /** The calls of one local hour of the day over the period: answered (or forwarded) and not. */
    record Hour(String key, long answered, long calls, Double rate) {
    }

    record Charts(Span period, List<String> days, List<Double> answerRate, List<Hour> hours,
            List<Double> handlingGeneral, List<Double> handlingMajor, Map<String, Double> handlingTargets,
            List<Shift> shifts, List<String> months, List<Span> monthSpans, Map<String, List<Double>> trend) {
    }

    /** The figures the trend follows, month by month. */
    static final List<String> TREND = List.of("officeHoursAnswerRate", "replyOnTimeRate", "dispatchOnTimeRate");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardCharts() {
    }

    static Charts of(KpiService.Report days, KpiService.Report months, ZoneId zone) {
        List<String> dayKeys = days.buckets().stream().map(b -> b.from().atZone(zone).toLocalDate().toString()).toList();
        Map<String, KpiFigure> total = byKey(days.figures());
        List<Shift> shifts = List.of("reply", "dispatch").stream()
                .flatMap(kind -> List.of("DAY", "NIGHT").stream().map(shift -> {
                    String key = kind + "OnTimeRate" + (shift.equals("DAY") ? "Day" : "Night");
                    KpiFigure f = total.get(key);
                    long met = f.numerator() == null ? 0 : f.numerator().longValue();
                    long decided = f.denominator() == null ? 0 : f.denominator().longValue();
                    return new Shift(kind, shift, key, met, decided - met);
                }))
                .toList();
        Map<String, Double> targets = new LinkedHashMap<>();
        targets.put("general", total.get("avgHandlingDaysGeneral").target());
        targets.put("major", total.get("avgHandlingDaysMajor").target());
        Map<String, List<Double>> trend = new LinkedHashMap<>();
        TREND.forEach(key -> trend.put(key, series(months, key, DashboardCharts::percent)));
        List<Hour> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            KpiFigure f = total.get(KpiCatalog.byHour(h));
            long answered = f.numerator() == null ? 0 : f.numerator().longValue();
            long calls = f.denominator() == null ? 0 : f.denominator().longValue();
            hours.add(new Hour(f.key(), answered, calls, f.value() == null ? null : percent(f.value())));
        }
        return new Charts(span(days.from(), days.to(), zone), dayKeys,
                series(days, "officeHoursAnswerRate", DashboardCharts::percent), hours,
                series(days, "avgHandlingDaysGeneral", DashboardCharts::rounded),
                series(days, "avgHandlingDaysMajor", DashboardCharts::rounded), targets, shifts,
                months.buckets().stream().map(b -> YearMonth.from(b.from().atZone(zone)).toString()).toList(),
                months.buckets().stream().map(b -> span(b.from(), b.to(), zone)).toList(), trend);
    }

    /** The local days of [from, to): its end is exclusive. */
    private static Span span(Instant from, Instant to, ZoneId zone) {
        return new Span(from.atZone(zone).toLocalDate().toString(), to.minusNanos(1).atZone(zone).toLocalDate().toString());
    }

    /**
     * The charts' data as JSON to embed in a {@code <script type="application/json">}: every {@code <} is
     * escaped so that no value can close the element.
     */
    static String json(Charts charts) {
        try {
            return JSON.writeValueAsString(charts).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dashboard's charts as JSON", e);
        }
    }

    private static List<Double> series(KpiService.Report report, String key, Function<Double, Double> shown) {
        return report.buckets().stream().map(b -> {
            Double v = byKey(b.figures()).get(key).value();
            return v == null ? null : shown.apply(v);
        }).toList();
    }

    private static Map<String, KpiFigure> byKey(List<KpiFigure> figures) {
        Map<String, KpiFigure> out = new LinkedHashMap<>();
        figures.forEach(f -> out.put(f.key(), f));
        return out;
    }

    private static Double percent(Double rate) {
        return Math.round(rate * 1000) / 10.0;
    }

    private static Double rounded(Double days) {
        return Math.round(days * 100) / 100.0;
    }
}

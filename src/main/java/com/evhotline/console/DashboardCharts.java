package com.evhotline.console;

import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiFigure;
import com.evhotline.kpi.KpiService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * trend of the on-time rates over the months. Rates are in percent; a bucket with nothing decided is null.
 */
final class DashboardCharts {

    /** Deadlines of one kind ({@code reply}, {@code dispatch}) and shift (DAY, NIGHT): met and breached. */
    record Shift(String kind, String shift, long met, long breached) {
    }

    /** The calls of one local hour of the day over the period: answered (or forwarded) and not. */
    record Hour(String key, long answered, long calls, Double rate) {
    }

    record Charts(List<String> days, List<Double> answerRate, List<Hour> hours, List<Double> handlingGeneral,
            List<Double> handlingMajor, Map<String, Double> handlingTargets, List<Shift> shifts, List<String> months,
            Map<String, List<Double>> trend) {
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
                    KpiFigure f = total.get(kind + "OnTimeRate" + (shift.equals("DAY") ? "Day" : "Night"));
                    long met = f.numerator() == null ? 0 : f.numerator().longValue();
                    long decided = f.denominator() == null ? 0 : f.denominator().longValue();
                    return new Shift(kind, shift, met, decided - met);
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
        return new Charts(dayKeys, series(days, "officeHoursAnswerRate", DashboardCharts::percent), hours,
                series(days, "avgHandlingDaysGeneral", DashboardCharts::rounded),
                series(days, "avgHandlingDaysMajor", DashboardCharts::rounded), targets, shifts,
                months.buckets().stream().map(b -> YearMonth.from(b.from().atZone(zone)).toString()).toList(), trend);
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

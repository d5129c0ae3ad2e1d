package com.evhotline.console;

import com.evhotline.kpi.KpiCatalog;
import com.evhotline.kpi.KpiPeriod;
import com.evhotline.kpi.KpiService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What the dashboard shows for a period: every figure in a table (the 24 hourly answer rates as a chart only)
 * and the charts' data. The period is read as
 * {@code GET /api/kpi} reads it (dates stand for whole days; without them, this month so far) and split by day;
 * the trend covers the twelve months up to the period's end.
 */
@ApplicationScoped
public class DashboardData {

    /** The months the trend covers, the period's own month last. */
    static final int TREND_MONTHS = 12;

    /** The period as its first and last local day (for the form and the links), its rows and its charts' JSON. */
    public record Dashboard(LocalDate fromDay, LocalDate toDay, List<DashboardRow> rows, String charts) {
    }

    private final KpiService kpis;
    private final Clock clock;
    private final ZoneId zone;

    public DashboardData(KpiService kpis, Clock clock, ZoneId zone) {
        this.kpis = kpis;
        this.clock = clock;
        this.zone = zone;
    }

    /** The dashboard of [from, to); a bad period is refused (400) before anything is counted. */
    public Uni<Dashboard> of(String from, String to) {
        KpiPeriod period = period(from, to);
        LocalDate last = lastDay(period);
        Instant trendFrom = last.withDayOfMonth(1).minusMonths(TREND_MONTHS - 1L).atStartOfDay(zone).toInstant();
        KpiPeriod trend = new KpiPeriod(trendFrom, period.to(), KpiPeriod.GroupBy.MONTH, zone);
        return Uni.combine().all().unis(kpis.report(period), kpis.report(trend)).asTuple()
                .map(t -> new Dashboard(period.from().atZone(zone).toLocalDate(), last,
                        t.getItem1().figures().stream()
                                .filter(f -> !f.key().startsWith(KpiCatalog.BY_HOUR + "."))
                                .map(DashboardRow::of).toList(),
                        DashboardCharts.json(DashboardCharts.of(t.getItem1(), t.getItem2(), zone))));
    }

    /** The period a request names, by day; the same rules as the API's. */
    KpiPeriod period(String from, String to) {
        return KpiPeriod.parse(from, to, "day", clock, zone);
    }

    /** The period's last local day: its end is exclusive. */
    LocalDate lastDay(KpiPeriod period) {
        return period.to().minusNanos(1).atZone(zone).toLocalDate();
    }
}

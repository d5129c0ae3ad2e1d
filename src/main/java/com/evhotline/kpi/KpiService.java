package com.evhotline.kpi;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of a period (and of each of its buckets) as they stand now, and the items behind one. */
@ApplicationScoped
public class KpiService {

    /** A period's figures; {@code buckets} is empty unless the period was grouped. */
    public record Report(Instant from, Instant to, List<KpiFigure> figures, List<BucketFigures> buckets) {
    }

    public record BucketFigures(Instant from, Instant to, List<KpiFigure> figures) {
    }

    private final KpiSummary summary;
    private final KpiQueries queries;
    private final Clock clock;

    public KpiService(KpiSummary summary, KpiQueries queries, Clock clock) {
        this.summary = summary;
        this.queries = queries;
        this.clock = clock;
    }

    public Uni<Report> report(KpiPeriod period) {
        return summary.counts(period.from(), period.to(), period.zone(), clock.instant(), period.groupBy(), null)
                .map(counts -> fold(period, counts));
    }

    /** The figures of [from, to) computed as of {@code now} (the wall board's day, live). */
    public Uni<List<KpiFigure>> figures(Instant from, Instant to, java.time.ZoneId zone, Instant now) {
        return summary.counts(from, to, zone, now, null, null).map(counts -> {
            KpiTally total = new KpiTally();
            counts.forEach(total::add);
            return total.figures();
        });
    }

    /**
     * A page of the items one figure counts, oldest first: how many each day holds comes from the summary, so only
     * the days the page falls on are listed (a year holds millions of items).
     */
    public Uni<KpiQueries.Page> items(String key, KpiPeriod period, int page, int size) {
        Instant now = clock.instant();
        return summary.counts(period.from(), period.to(), period.zone(), now, KpiPeriod.GroupBy.DAY, key)
                .chain(counts -> {
                    KpiPages.Window w = KpiPages.window(counts, (long) page * size, size);
                    if (w == null) {
                        return Uni.createFrom().item(new KpiQueries.Page(List.of(), KpiPages.total(counts)));
                    }
                    Instant from = max(period.from(), KpiSpan.start(w.first(), period.zone()));
                    Instant to = min(period.to(), KpiSpan.end(w.last(), period.zone()));
                    return queries.items(key, from, to, period.zone(), now, w.skip(), size)
                            .map(items -> new KpiQueries.Page(items, w.total()));
                });
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Report fold(KpiPeriod period, List<KpiQueries.Count> counts) {
        KpiTally total = new KpiTally();
        Map<LocalDate, KpiTally> byBucket = new LinkedHashMap<>();
        List<KpiPeriod.Bucket> buckets = period.buckets();
        buckets.forEach(b -> byBucket.put(b.key(), new KpiTally()));
        for (KpiQueries.Count c : counts) {
            total.add(c);
            if (period.groupBy() != null) {
                byBucket.get(period.bucketOf(c.day())).add(c);
            }
        }
        List<BucketFigures> out = new ArrayList<>();
        for (KpiPeriod.Bucket b : buckets) {
            out.add(new BucketFigures(b.from(), b.to(), byBucket.get(b.key()).figures()));
        }
        return new Report(period.from(), period.to(), total.figures(), out);
    }
}

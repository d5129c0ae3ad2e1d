package com.evhotline.kpi;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The counts of the figures over any period, equal to what the items query answers at that instant: whole local
 * days that are over come from the summary while it holds them as they stand; those it lacks or holds outdated are
 * counted from the items and written back; the rest of the period (today, parts of days) is counted afresh.
 */
@ApplicationScoped
public class KpiSummary {

    private static final Logger LOG = Logger.getLogger(KpiSummary.class);
    /** Days summarised in one statement and transaction: long enough to be cheap, short enough to hold no snapshot long. */
    static final int RUN = 31;

    private final KpiQueries queries;
    private final KpiSummaryRepository summary;
    private final Pool pool;

    public KpiSummary(KpiQueries queries, KpiSummaryRepository summary, Pool pool) {
        this.queries = queries;
        this.summary = summary;
        this.pool = pool;
    }

    /**
     * The counts of [from, to) in {@code zone} as they stand at {@code now}, of every key or of {@code key} alone:
     * per bucket of {@code groupBy} for days the summary holds, per day for the rest (a bucket's counts are the sum of
     * those under its days).
     */
    public Uni<List<KpiQueries.Count>> counts(Instant from, Instant to, ZoneId zone, Instant now,
            KpiPeriod.GroupBy groupBy, String key) {
        KpiSpan span = KpiSpan.of(from, to, zone, now);
        Uni<List<KpiQueries.Count>> live = live(span, now);
        if (span.days().isEmpty()) {
            return live.map(counts -> only(key, counts));
        }
        List<LocalDate> days = span.days();
        Uni<List<KpiQueries.Count>> whole = summary.fresh(zone, days.get(0), days.get(days.size() - 1), now)
                .chain(fresh -> {
                    List<LocalDate> held = days.stream().filter(fresh::contains).toList();
                    List<LocalDate> stale = days.stream().filter(d -> !fresh.contains(d)).toList();
                    return summary.counts(zone, held, groupBy, key)
                            .chain(kept -> summarise(zone, stale, now).map(counted -> {
                                List<KpiQueries.Count> all = new ArrayList<>(kept);
                                all.addAll(only(key, counted));
                                return all;
                            }));
                });
        // the whole days and the rest are read at once, on connections of their own
        return Uni.combine().all().unis(whole, live).with((all, rest) -> {
            all.addAll(only(key, rest));
            return all;
        });
    }

    /**
     * Summarises the days over that the summary lacks or holds outdated (changed, expired, or never summarised), at
     * most {@code limit} of them, newest first; answers how many.
     */
    public Uni<Integer> refresh(ZoneId zone, Instant now, int limit) {
        return summary.stale(zone, now.atZone(zone).toLocalDate(), now, limit)
                .chain(days -> summarise(zone, days.stream().sorted().toList(), now).replaceWith(days.size()));
    }

    private Uni<List<KpiQueries.Count>> live(KpiSpan span, Instant now) {
        Uni<List<KpiQueries.Count>> chain = Uni.createFrom().item(ArrayList::new); // a list per subscription
        for (KpiSpan.Range r : span.live()) {
            chain = chain.chain(done -> queries.counts(r.from(), r.to(), span.zone(), now).map(more -> {
                done.addAll(more);
                return done;
            }));
        }
        return chain;
    }

    /** Counts whole past days from the items, in runs of consecutive days, each written back as it is counted. */
    private Uni<List<KpiQueries.Count>> summarise(ZoneId zone, List<LocalDate> days, Instant now) {
        Uni<List<KpiQueries.Count>> chain = Uni.createFrom().item(ArrayList::new); // a list per subscription
        for (List<LocalDate> run : KpiSpan.runs(days, RUN)) {
            chain = chain.chain(done -> summariseRun(zone, run, now).map(more -> {
                done.addAll(more);
                return done;
            }));
        }
        return chain;
    }

    /**
     * One run counted in one snapshot (a read-only, repeatable-read transaction) that also reads the marks of the
     * changes it takes in, then written with them removed: a change committed after the snapshot keeps its mark and
     * the day is summarised again. Should the writing fail, the counts still answer this request.
     */
    private Uni<List<KpiQueries.Count>> summariseRun(ZoneId zone, List<LocalDate> run, Instant now) {
        Instant from = KpiSpan.start(run.get(0), zone);
        Instant to = KpiSpan.end(run.get(run.size() - 1), zone);
        return pool.withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                        .chain(() -> KpiQueries.planEach(c))
                        .chain(() -> summary.snapshot(c, from, to))
                        .chain(snapshot -> queries.counts(c, from, to, zone, now)
                                .map(counts -> new Counted(snapshot, counts))))
                .call(counted -> summary.put(zone, run, now, counted.snapshot(), counted.counts())
                        .onFailure().invoke(e -> LOG.warnf(e, "could not keep the summary of %s to %s", run.get(0),
                                run.get(run.size() - 1)))
                        .onFailure().recoverWithNull())
                .map(Counted::counts);
    }

    /** A run's counts and the snapshot they were read in. */
    private record Counted(KpiSummaryRepository.Snapshot snapshot, List<KpiQueries.Count> counts) {
    }

    private static List<KpiQueries.Count> only(String key, List<KpiQueries.Count> counts) {
        return key == null ? counts : counts.stream().filter(c -> c.key().equals(key)).toList();
    }
}

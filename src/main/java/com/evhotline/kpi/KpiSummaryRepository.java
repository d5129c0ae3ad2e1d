package com.evhotline.kpi;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summary of whole past days (migration V25): which days it holds as they stand, their counts added up by
 * bucket, and the writing of newly computed days. It holds nothing the items query would not answer.
 */
@ApplicationScoped
public class KpiSummaryRepository {

    /**
     * The days of zone $1 in [$2, $3] the summary holds as they stand at $4: summarised no later than $4, not yet
     * due to change with the time, of the current epoch, and with no change marked inside them since.
     */
    private static final String FRESH = """
            SELECT d.day, d.starts_at, d.ends_at FROM kpi_day d
             WHERE d.zone = $1 AND d.day >= $2 AND d.day <= $3 AND d.summarised_at <= $4
               AND (d.valid_until IS NULL OR d.valid_until > $4)
               AND d.epoch = (SELECT epoch FROM kpi_epoch)
               AND NOT EXISTS (SELECT 1 FROM kpi_dirt x WHERE x.at >= d.starts_at AND x.at < d.ends_at)""";

    /**
     * The counts of days $2 of zone $1, added up per bucket ($3: DAY, WEEK from Monday, MONTH, or none: all under
     * $4) and key (only key $5, unless null).
     */
    private static final String COUNTS = """
            SELECT CASE $3::text WHEN 'DAY' THEN c.day
                                 WHEN 'WEEK' THEN c.day - (extract(isodow FROM c.day)::int - 1)
                                 WHEN 'MONTH' THEN c.day - (extract(day FROM c.day)::int - 1)
                                 ELSE $4::date END AS day,
                   c.key, c.mark, c.reason, sum(c.n)::bigint AS n, sum(c.amount) AS amount
              FROM kpi_day_count c
             WHERE c.zone = $1 AND c.day = ANY($2::date[]) AND ($5::text IS NULL OR c.key = $5)
             GROUP BY 1, 2, 3, 4""";

    /**
     * A day's marks, its rows and any other zone's days over the same instants, gone before it is written again:
     * $1 zone, $2..$3 its first and last day, $4..$5 their first and following instant. Run in the snapshot the
     * counts were read in, it removes only the marks they took in.
     */
    private static final String FORGET = """
            WITH marks AS (DELETE FROM kpi_dirt WHERE at >= $4 AND at < $5)
            DELETE FROM kpi_day WHERE (zone = $1 AND day >= $2 AND day <= $3)
                                   OR (zone <> $1 AND starts_at < $5 AND ends_at > $4)""";

    private static final String PUT_DAYS = """
            INSERT INTO kpi_day (zone, day, starts_at, ends_at, summarised_at, valid_until, epoch)
            SELECT $1, u.day, u.starts_at, u.ends_at, $2, u.valid_until, $3
              FROM unnest($4::date[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
                   AS u(day, starts_at, ends_at, valid_until)""";

    private static final String PUT_COUNTS = """
            INSERT INTO kpi_day_count (zone, day, key, mark, reason, n, amount)
            SELECT $1, u.day, u.key, u.mark, u.reason, u.n, u.amount
              FROM unnest($2::date[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::float8[])
                   AS u(day, key, mark, reason, n, amount)""";

    /**
     * Days of zone $1 over before $2 that the summary lacks or holds outdated, newest first, at most $6: those with
     * a change marked, and of the days since $3 those expired at $4, of an old epoch, or missing up to $5.
     */
    private static final String STALE = """
            SELECT day FROM (
                SELECT DISTINCT (x.at AT TIME ZONE $1::text)::date AS day FROM kpi_dirt x WHERE x.at < $2
                UNION
                SELECT d.day FROM kpi_day d
                 WHERE d.zone = $1 AND d.day >= $3
                   AND (d.valid_until <= $4 OR d.epoch <> (SELECT epoch FROM kpi_epoch))
                UNION
                SELECT $3::date + i FROM generate_series(0, $5::date - $3::date) i
                 WHERE NOT EXISTS (SELECT 1 FROM kpi_day d WHERE d.zone = $1 AND d.day = $3::date + i)) s
             ORDER BY day DESC LIMIT $6""";

    private final Pool pool;

    public KpiSummaryRepository(Pool pool) {
        this.pool = pool;
    }

    /** The days of [first, last] the summary holds as they stand at {@code now}. */
    public Uni<Set<LocalDate>> fresh(ZoneId zone, LocalDate first, LocalDate last, Instant now) {
        return pool.preparedQuery(FRESH).execute(Tuple.of(zone.getId(), first, last, utc(now))).map(rows -> {
            Set<LocalDate> out = new HashSet<>();
            for (Row r : rows) {
                LocalDate day = r.getLocalDate("day");
                // a day whose instants the zone's rules now place elsewhere is summarised again
                if (r.getOffsetDateTime("starts_at").toInstant().equals(KpiSpan.start(day, zone))
                        && r.getOffsetDateTime("ends_at").toInstant().equals(KpiSpan.end(day, zone))) {
                    out.add(day);
                }
            }
            return out;
        });
    }

    /**
     * The held counts of {@code days}, added up per bucket of {@code groupBy} (each under its first day; all under
     * the first of {@code days} when null), of every key or of {@code key} alone.
     */
    public Uni<List<KpiQueries.Count>> counts(ZoneId zone, List<LocalDate> days, KpiPeriod.GroupBy groupBy, String key) {
        if (days.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(COUNTS).execute(Tuple.from(Arrays.asList(zone.getId(), days.toArray(LocalDate[]::new),
                        groupBy == null ? null : groupBy.name(), days.get(0), key)))
                .map(rows -> {
                    List<KpiQueries.Count> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new KpiQueries.Count(r.getLocalDate("day"), r.getString("key"), r.getString("mark"),
                                r.getString("reason"), r.getLong("n"), r.getDouble("amount"), null));
                    }
                    return out;
                });
    }

    /**
     * Writes the counts of consecutive whole days {@code run}, computed in {@code c}'s snapshot at {@code now} in
     * {@code epoch}, over what the summary held of them.
     */
    public Uni<Void> put(SqlConnection c, ZoneId zone, List<LocalDate> run, Instant now, long epoch,
            List<KpiQueries.Count> counts) {
        LocalDate first = run.get(0);
        LocalDate last = run.get(run.size() - 1);
        Map<LocalDate, Instant> validUntil = new HashMap<>();
        for (KpiQueries.Count k : counts) {
            if (k.changesAt() != null) {
                validUntil.merge(k.day(), k.changesAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<OffsetDateTime> starts = run.stream().map(d -> utc(KpiSpan.start(d, zone))).toList();
        List<OffsetDateTime> ends = run.stream().map(d -> utc(KpiSpan.end(d, zone))).toList();
        OffsetDateTime[] until = run.stream().map(d -> validUntil.containsKey(d) ? utc(validUntil.get(d)) : null)
                .toArray(OffsetDateTime[]::new);
        return c.preparedQuery(FORGET).execute(Tuple.of(zone.getId(), first, last, starts.get(0), ends.get(ends.size() - 1)))
                .chain(() -> c.preparedQuery(PUT_DAYS).execute(Tuple.from(Arrays.asList(zone.getId(), utc(now), epoch,
                        run.toArray(LocalDate[]::new), starts.toArray(OffsetDateTime[]::new),
                        ends.toArray(OffsetDateTime[]::new), until))))
                .chain(() -> c.preparedQuery(PUT_COUNTS).execute(Tuple.from(Arrays.asList(zone.getId(),
                        counts.stream().map(KpiQueries.Count::day).toArray(LocalDate[]::new),
                        counts.stream().map(KpiQueries.Count::key).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::mark).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::reason).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::n).toArray(Long[]::new),
                        counts.stream().map(KpiQueries.Count::amount).toArray(Double[]::new)))))
                .replaceWithVoid();
    }

    /** The epoch, read in {@code c}'s snapshot. */
    public Uni<Long> epoch(SqlConnection c) {
        return c.query("SELECT epoch FROM kpi_epoch").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Days over before {@code today} the summary lacks or holds outdated, newest first, at most {@code limit}: any
     * with a change marked, and of the {@code recent} days before today those missing or expired at {@code now}.
     */
    public Uni<List<LocalDate>> stale(ZoneId zone, LocalDate today, int recent, Instant now, int limit) {
        return pool.preparedQuery(STALE).execute(Tuple.from(Arrays.asList(zone.getId(), utc(KpiSpan.start(today, zone)),
                        today.minusDays(recent), utc(now), today.minusDays(1), limit)))
                .map(rows -> {
                    List<LocalDate> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getLocalDate("day")));
                    return out;
                });
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

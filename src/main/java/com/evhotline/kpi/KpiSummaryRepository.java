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
     * What this transaction's snapshot takes in: its order (later snapshots see all an earlier one saw), the epoch,
     * and the marks of changes inside [$1, $2).
     */
    private static final String SNAPSHOT = """
            SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS snapshot,
                   (SELECT epoch FROM kpi_epoch) AS epoch,
                   m.ids, m.ats
              FROM (SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(at), '{}') AS ats
                      FROM kpi_dirt WHERE at >= $1 AND at < $2) m""";

    /**
     * Days of zone $1 counted at $2 in epoch $3 and snapshot $4, over any held from an earlier snapshot: answers the
     * days written.
     */
    private static final String PUT_DAYS = """
            INSERT INTO kpi_day (zone, day, starts_at, ends_at, summarised_at, valid_until, epoch, snapshot)
            SELECT $1, u.day, u.starts_at, u.ends_at, $2, u.valid_until, $3, $4
              FROM unnest($5::date[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
                   AS u(day, starts_at, ends_at, valid_until)
            ON CONFLICT (zone, day) DO UPDATE
               SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, summarised_at = excluded.summarised_at,
                   valid_until = excluded.valid_until, epoch = excluded.epoch, snapshot = excluded.snapshot
             WHERE kpi_day.snapshot < excluded.snapshot
            RETURNING day""";

    /**
     * After days $2 of zone $1 are written: their old counts, the marks $3 their counts took in, and any other zone's
     * days over the instants [$4, $5) gone.
     */
    private static final String FORGET = """
            WITH counts AS (DELETE FROM kpi_day_count WHERE zone = $1 AND day = ANY($2::date[])),
                 marks AS (DELETE FROM kpi_dirt WHERE id = ANY($3::bigint[]))
            DELETE FROM kpi_day WHERE zone <> $1 AND starts_at < $5 AND ends_at > $4""";

    private static final String PUT_COUNTS = """
            INSERT INTO kpi_day_count (zone, day, key, mark, reason, n, amount)
            SELECT $1, u.day, u.key, u.mark, u.reason, u.n, u.amount
              FROM unnest($2::date[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::float8[])
                   AS u(day, key, mark, reason, n, amount)""";

    /**
     * Days of zone $1 over before $2 that the summary lacks or holds outdated, newest first, at most $4: those with a
     * change marked, those expired at $3 or of an old epoch, and those missing since the first call or ticket.
     */
    private static final String STALE = """
            WITH first AS (
                SELECT (least((SELECT min(received_at) FROM ticket), (SELECT min(started_at) FROM call_record))
                        AT TIME ZONE $1::text)::date AS day)
            SELECT day FROM (
                SELECT DISTINCT (x.at AT TIME ZONE $1::text)::date AS day FROM kpi_dirt x WHERE x.at < $2
                UNION
                SELECT d.day FROM kpi_day d
                 WHERE d.zone = $1 AND (d.valid_until <= $3 OR d.epoch <> (SELECT epoch FROM kpi_epoch))
                UNION
                SELECT first.day + i FROM first, generate_series(0, ($2 AT TIME ZONE $1::text)::date - 1 - first.day) i
                 WHERE NOT EXISTS (SELECT 1 FROM kpi_day d WHERE d.zone = $1 AND d.day = first.day + i)) s
             WHERE day < ($2 AT TIME ZONE $1::text)::date
             ORDER BY day DESC LIMIT $4""";

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

    /** A snapshot's order, its epoch, and the marks of changes it takes in (their ids and instants). */
    public record Snapshot(long order, long epoch, Map<Long, Instant> marks) {
    }

    /** What the snapshot of {@code c}'s (repeatable read) transaction takes in of the instants [from, to). */
    public Uni<Snapshot> snapshot(SqlConnection c, Instant from, Instant to) {
        return c.preparedQuery(SNAPSHOT).execute(Tuple.of(utc(from), utc(to))).map(rows -> {
            Row r = rows.iterator().next();
            Long[] ids = r.getArrayOfLongs("ids");
            OffsetDateTime[] ats = r.getArrayOfOffsetDateTimes("ats");
            Map<Long, Instant> marks = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                marks.put(ids[i], ats[i].toInstant());
            }
            return new Snapshot(r.getLong("snapshot"), r.getLong("epoch"), marks);
        });
    }

    /**
     * Writes the counts of consecutive whole days {@code run}, computed at {@code now} in {@code snapshot}, over what
     * the summary holds of them from earlier snapshots, in a transaction of its own; answers the days written. A day
     * written meanwhile from a later snapshot stays, and the marks this snapshot took in for it stay too.
     */
    public Uni<List<LocalDate>> put(ZoneId zone, List<LocalDate> run, Instant now, Snapshot snapshot,
            List<KpiQueries.Count> counts) {
        Map<LocalDate, Instant> validUntil = new HashMap<>();
        for (KpiQueries.Count k : counts) {
            if (k.changesAt() != null) {
                validUntil.merge(k.day(), k.changesAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        OffsetDateTime[] until = run.stream().map(d -> validUntil.containsKey(d) ? utc(validUntil.get(d)) : null)
                .toArray(OffsetDateTime[]::new);
        return pool.withTransaction(c -> c.preparedQuery(PUT_DAYS).execute(Tuple.from(Arrays.asList(zone.getId(),
                        utc(now), snapshot.epoch(), snapshot.order(), run.toArray(LocalDate[]::new),
                        run.stream().map(d -> utc(KpiSpan.start(d, zone))).toArray(OffsetDateTime[]::new),
                        run.stream().map(d -> utc(KpiSpan.end(d, zone))).toArray(OffsetDateTime[]::new), until)))
                .map(rows -> {
                    List<LocalDate> written = new ArrayList<>();
                    rows.forEach(r -> written.add(r.getLocalDate("day")));
                    return written;
                })
                .call(written -> written.isEmpty() ? Uni.createFrom().voidItem()
                        : c.preparedQuery(FORGET).execute(Tuple.of(zone.getId(), written.toArray(LocalDate[]::new),
                                        marksIn(written, zone, snapshot), utc(KpiSpan.start(run.get(0), zone)),
                                        utc(KpiSpan.end(run.get(run.size() - 1), zone))))
                                .chain(() -> putCounts(c, zone, counts.stream().filter(k -> written.contains(k.day()))
                                        .toList()))));
    }

    /** The ids of the marks {@code snapshot} took in that lie in the local {@code days}. */
    private static Long[] marksIn(List<LocalDate> days, ZoneId zone, Snapshot snapshot) {
        Set<LocalDate> in = new HashSet<>(days);
        return snapshot.marks().entrySet().stream().filter(m -> in.contains(m.getValue().atZone(zone).toLocalDate()))
                .map(Map.Entry::getKey).toArray(Long[]::new);
    }

    private Uni<Void> putCounts(SqlConnection c, ZoneId zone, List<KpiQueries.Count> counts) {
        if (counts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery(PUT_COUNTS).execute(Tuple.from(Arrays.asList(zone.getId(),
                        counts.stream().map(KpiQueries.Count::day).toArray(LocalDate[]::new),
                        counts.stream().map(KpiQueries.Count::key).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::mark).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::reason).toArray(String[]::new),
                        counts.stream().map(KpiQueries.Count::n).toArray(Long[]::new),
                        counts.stream().map(KpiQueries.Count::amount).toArray(Double[]::new))))
                .replaceWithVoid();
    }

    /**
     * Days over before {@code today} the summary lacks or holds outdated, newest first, at most {@code limit}: any
     * changed, expired at {@code now} or of an old epoch, and any missing since the first call or ticket.
     */
    public Uni<List<LocalDate>> stale(ZoneId zone, LocalDate today, Instant now, int limit) {
        return pool.preparedQuery(STALE).execute(Tuple.of(zone.getId(), utc(KpiSpan.start(today, zone)), utc(now), limit))
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

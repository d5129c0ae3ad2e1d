package com.evhotline.quality;

import com.evhotline.ticket.FaultRecorded;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Batch quality problems: when a ticket's fault is recorded, the tickets with the same fault (trimmed,
 * case-insensitive) are looked at; a batch ({@link BatchRule}) is flagged once, a later vehicle joins the open
 * flag of its fault, and each flag or new vehicle is told to the quality list at once and written on the tickets'
 * history. Checks of one fault take turns (an advisory lock), so two tickets recorded together make one flag.
 * Looked at after each commit that records a fault, and by a sweep every minute for any check a crash lost.
 */
@ApplicationScoped
public class BatchFlags {

    private static final Logger LOG = Logger.getLogger(BatchFlags.class);

    /** What a check did: the flag raised or joined (null: none), its vehicles now, whether mail was queued. */
    public record Outcome(Long batchId, int vehicles, boolean mailed) {
        static final Outcome NONE = new Outcome(null, 0, false);
    }

    static final String TICKET = """
            SELECT id, number, fault, lower(btrim(fault)) AS fault_key, vin, received_at FROM ticket WHERE id = $1""";

    static final String CHECKED = """
            SELECT 1 FROM quality_fault_check WHERE ticket_id = $1 AND fault_key = $2 AND vin IS NOT DISTINCT FROM $3""";

    static final String MARK_CHECKED = """
            INSERT INTO quality_fault_check (ticket_id, fault_key, vin, checked_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (ticket_id) DO UPDATE SET fault_key = EXCLUDED.fault_key, vin = EXCLUDED.vin,
                                                  checked_at = EXCLUDED.checked_at""";

    /** The open flag of fault $1 whose span, widened by the window ($3 seconds), holds instant $2; its vehicles. */
    static final String OPEN_FLAG = """
            SELECT b.id, b.fault,
                   EXISTS (SELECT 1 FROM quality_batch_ticket m WHERE m.batch_id = b.id AND m.ticket_id = $4) AS member,
                   EXISTS (SELECT 1 FROM quality_batch_ticket m WHERE m.batch_id = b.id AND m.vin = $5) AS same_vehicle
              FROM quality_batch b
             WHERE b.fault_key = $1 AND b.first_received_at - $3::bigint * interval '1 second' <= $2::timestamptz
               AND b.last_received_at + $3::bigint * interval '1 second' >= $2::timestamptz
             ORDER BY b.id DESC LIMIT 1 FOR UPDATE""";

    /** Tickets with fault $1 and a vehicle received within $3 seconds of $2. */
    static final String SIGHTINGS = """
            SELECT id, vin, received_at FROM ticket
             WHERE lower(btrim(fault)) = $1 AND fault IS NOT NULL AND vin IS NOT NULL
               AND received_at BETWEEN $2::timestamptz - $3::bigint * interval '1 second'
                                   AND $2::timestamptz + $3::bigint * interval '1 second'""";

    static final String FLAG = """
            INSERT INTO quality_batch (fault_key, fault, first_received_at, last_received_at, vehicles, flagged_at,
                                       updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id""";

    /** Members $2 (tickets), $3 (VINs), $4 (received) of flag $1 at $5, each written on its ticket's history ($6). */
    static final String JOIN = """
            WITH m AS (
                INSERT INTO quality_batch_ticket (batch_id, ticket_id, vin, received_at, joined_at)
                SELECT $1, t, v, r, $5 FROM unnest($2::bigint[], $3::text[], $4::timestamptz[]) AS x(t, v, r)
                ON CONFLICT DO NOTHING
                RETURNING ticket_id),
            b AS (
                UPDATE quality_batch SET vehicles = (SELECT count(DISTINCT vin) FROM (
                                              SELECT vin FROM quality_batch_ticket WHERE batch_id = $1
                                              UNION ALL SELECT unnest($3::text[])) v),
                                         first_received_at = least(first_received_at, (SELECT min(r) FROM unnest($4::timestamptz[]) r)),
                                         last_received_at = greatest(last_received_at, (SELECT max(r) FROM unnest($4::timestamptz[]) r)),
                                         updated_at = $5
                 WHERE id = $1
                RETURNING vehicles),
            e AS (
                INSERT INTO ticket_event (ticket_id, at, actor, type, detail)
                SELECT m.ticket_id, $5, 'quality', 'QUALITY_BATCH', $6 FROM m)
            SELECT (SELECT vehicles FROM b) AS vehicles""";

    /** Tickets whose fault (or vehicle) changed since it was looked at, recorded within the last $2 seconds of $1. */
    static final String UNCHECKED = """
            SELECT t.id FROM ticket t LEFT JOIN quality_fault_check c ON c.ticket_id = t.id
             WHERE t.fault IS NOT NULL AND t.fault_at >= $1::timestamptz - $2::bigint * interval '1 second'
               AND (c.ticket_id IS NULL OR c.fault_key <> lower(btrim(t.fault)) OR c.vin IS DISTINCT FROM t.vin)
             ORDER BY t.fault_at LIMIT 100""";

    private final Pool pool;
    private final QualityMailWorker mailer;
    private final BatchMail mail;
    private final QualityConfig config;
    private final Clock clock;

    public BatchFlags(Pool pool, QualityMailWorker mailer, BatchMail mail, QualityConfig config, Clock clock) {
        this.pool = pool;
        this.mailer = mailer;
        this.mail = mail;
        this.config = config;
        this.clock = clock;
    }

    /** A fault was recorded (after its commit): looked at now; a failure is left to the sweep. */
    void recorded(@Observes FaultRecorded e) {
        check(e.ticketId()).subscribe().with(o -> { },
                x -> LOG.errorf(x, "Looking for a batch quality problem at ticket %d failed; the sweep tries again",
                        e.ticketId()));
    }

    /** Every minute: the faults recorded whose check was lost (a crash between commit and check). */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return pool.preparedQuery(UNCHECKED).execute(Tuple.of(utc(clock.instant()), window().toSeconds()))
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        long id = r.getLong(0);
                        all = all.chain(() -> check(id).replaceWithVoid());
                    }
                    return all;
                })
                .onFailure().invoke(e -> LOG.error("The sweep for batch quality problems failed", e))
                .onFailure().recoverWithNull();
    }

    /** Looks at one ticket's fault; answers what was flagged. */
    public Uni<Outcome> check(long ticketId) {
        Instant now = clock.instant();
        return pool.withTransaction(c -> c.preparedQuery(TICKET).execute(Tuple.of(ticketId)).chain(rows -> {
            if (rows.size() == 0 || rows.iterator().next().getString("fault") == null) {
                return Uni.createFrom().item(Outcome.NONE);
            }
            Row t = rows.iterator().next();
            String key = t.getString("fault_key");
            String vin = t.getString("vin");
            return c.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('quality-batch'), hashtext($1))")
                    .execute(Tuple.of(key))
                    .chain(() -> c.preparedQuery(CHECKED).execute(Tuple.of(ticketId, key, vin)))
                    .chain(checked -> checked.size() > 0 ? Uni.createFrom().item(Outcome.NONE)
                            : look(c, t, now).call(() -> c.preparedQuery(MARK_CHECKED)
                                    .execute(Tuple.of(ticketId, key, vin, utc(now)))));
        })).invoke(o -> {
            if (o.mailed()) {
                mailer.wake();
            }
        });
    }

    private Uni<Outcome> look(SqlConnection c, Row t, Instant now) {
        String vin = t.getString("vin");
        if (vin == null) {
            return Uni.createFrom().item(Outcome.NONE);
        }
        BatchRule.Sighting added = new BatchRule.Sighting(t.getLong("id"), vin, t.getOffsetDateTime("received_at").toInstant());
        String key = t.getString("fault_key");
        long seconds = window().toSeconds();
        return c.preparedQuery(OPEN_FLAG).execute(Tuple.from(Arrays.asList(key, utc(added.receivedAt()), seconds,
                        added.ticketId(), vin)))
                .chain(open -> open.size() > 0 ? join(c, open.iterator().next(), added, now)
                        : c.preparedQuery(SIGHTINGS).execute(Tuple.of(key, utc(added.receivedAt()), seconds))
                                .chain(found -> flag(c, t, sightings(found), added, now)));
    }

    /** A later ticket joins the open flag of its fault; a new vehicle is told to the quality list. */
    private Uni<Outcome> join(SqlConnection c, Row open, BatchRule.Sighting added, Instant now) {
        long id = open.getLong("id");
        if (open.getBoolean("member")) {
            return Uni.createFrom().item(new Outcome(id, 0, false));
        }
        boolean newVehicle = !open.getBoolean("same_vehicle");
        String fault = open.getString("fault");
        return members(c, id, List.of(added), fault, now).chain(vehicles -> !newVehicle
                ? Uni.createFrom().item(new Outcome(id, vehicles, false))
                : mail.queue(c, id, vehicles, fault, "batch:" + id + ":vehicles:" + vehicles,
                        ReportWords.BATCH + "（新增车辆）：" + fault + "（共 " + vehicles + " 辆车）", now)
                        .replaceWith(new Outcome(id, vehicles, true)));
    }

    /** A new flag when the tickets with this fault make a batch. */
    private Uni<Outcome> flag(SqlConnection c, Row t, List<BatchRule.Sighting> known, BatchRule.Sighting added,
            Instant now) {
        List<BatchRule.Sighting> batch = BatchRule.batch(known, added, window(), config.batchFault().vehicles());
        if (batch.isEmpty()) {
            return Uni.createFrom().item(Outcome.NONE);
        }
        String fault = t.getString("fault");
        int vehicles = BatchRule.vehicles(batch);
        return c.preparedQuery(FLAG).execute(Tuple.from(Arrays.asList(t.getString("fault_key"), fault,
                        utc(batch.get(0).receivedAt()), utc(batch.get(batch.size() - 1).receivedAt()), vehicles, utc(now))))
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(id -> members(c, id, batch, fault, now)
                        .chain(n -> mail.queue(c, id, n, fault, "batch:" + id, ReportWords.BATCH + "：" + fault + "（" + n
                                + " 辆车）", now).replaceWith(new Outcome(id, n, true))));
    }

    /** Adds tickets to a flag and to their histories; answers its vehicles now. */
    private Uni<Integer> members(SqlConnection c, long id, List<BatchRule.Sighting> tickets, String fault,
            Instant now) {
        Long[] ids = tickets.stream().map(BatchRule.Sighting::ticketId).toArray(Long[]::new);
        String[] vins = tickets.stream().map(BatchRule.Sighting::vin).toArray(String[]::new);
        OffsetDateTime[] received = tickets.stream().map(s -> utc(s.receivedAt())).toArray(OffsetDateTime[]::new);
        String detail = new JsonObject().put("batchId", id).put("fault", fault).encode();
        return c.preparedQuery(JOIN).execute(Tuple.from(Arrays.asList(id, ids, vins, received, utc(now), detail)))
                .map(rows -> rows.iterator().next().getInteger("vehicles"));
    }

    private static List<BatchRule.Sighting> sightings(RowSet<Row> rows) {
        List<BatchRule.Sighting> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new BatchRule.Sighting(r.getLong("id"), r.getString("vin"),
                    r.getOffsetDateTime("received_at").toInstant()));
        }
        return out;
    }

    private Duration window() {
        return config.batchFault().window();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}

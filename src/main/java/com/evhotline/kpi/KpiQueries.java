package com.evhotline.kpi;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of what each figure counts: every call, ticket and deadline of a period becomes an item
 * listed under the keys of the figures it counts in, with a mark (NUMERATOR, DENOMINATOR, or why it is left
 * out). The totals and the drill-down read the same items, so a figure and its list never disagree; the summary
 * of past days ({@link KpiSummary}) is a cache of these counts.
 *
 * <p>Every kind of item follows two rules the summary relies on: its local day is the day of the instant that
 * places it in [from, to) (so the items of [from, to) are those of its days), and when its mark depends on the
 * time ({@code $4}) it says in {@code changes_at} the instant it next changes without a write (null: never).
 * Every table it reads is under the summary's watch (migration V25, {@code kpi_watch}).
 */
@ApplicationScoped
public class KpiQueries {

    /**
     * Whether a leader's message {@code n} reached the leader: an SMS the gateway accepted, a call answered, or
     * any message acknowledged; a message only written to the inbox reached nobody yet.
     */
    static final String LEADER_REACHED =
            "((n.channel IN ('SMS', 'VOICE') AND n.accepted_at IS NOT NULL) OR n.acknowledged_at IS NOT NULL)";

    /**
     * Items of [from, to) as they stand at now: $1 from, $2 to, $3 the zone that decides the day, $4 now. A call's
     * ticket number is read for the items listed ({@code %3$s}, {@code %4$s}); the counts do not need it.
     */
    private static final String ITEMS_OF = """
            WITH items AS (
                -- every deadline of the tickets received (each round: a reopened ticket owes a new reply)
                SELECT (t.received_at AT TIME ZONE $3::text)::date AS day,
                       CASE d.kind
                           WHEN 'REPLY' THEN ARRAY['replyOnTimeRate', 'replyOnTimeRate' || initcap(t.shift)]
                           WHEN 'DISPATCH' THEN ARRAY['dispatchOnTimeRate', 'dispatchOnTimeRate' || initcap(t.shift)]
                           WHEN 'ACKNOWLEDGE' THEN ARRAY['noticeAckOnTimeRate']
                           ELSE ARRAY['arrivalOnTimeRate', 'arrivalOnTimeRate.' || coalesce(t.distance_band, '%2$s')]
                       END || CASE WHEN d.state = 'EXEMPT' THEN ARRAY['exemptions'] ELSE ARRAY[]::text[] END AS keys,
                       -- MET means met by the due instant (a check in the schema); late ones stay BREACHED
                       CASE WHEN d.state = 'MET' THEN 'NUMERATOR'
                            WHEN d.state = 'BREACHED' OR (d.state = 'PENDING' AND d.due_at <= $4) THEN 'DENOMINATOR'
                            WHEN d.state = 'PENDING' THEN 'PENDING'
                            ELSE 'EXEMPT' END AS mark,
                       'DEADLINE' AS item, d.id AS item_id, t.id AS ticket_id, t.number, t.received_at AS at,
                       d.kind AS what,
                       CASE WHEN d.state = 'EXEMPT' THEN (SELECT e.reason FROM exemption e
                                                           WHERE e.deadline_id = d.id AND e.revoked_at IS NULL
                                                           ORDER BY e.id DESC LIMIT 1)
                            WHEN d.state = 'BREACHED' AND d.met_at IS NOT NULL THEN 'met late'
                            WHEN d.state = 'BREACHED' OR (d.state = 'PENDING' AND d.due_at <= $4)
                                THEN 'past due, still owed'
                       END AS detail,
                       NULL::float8 AS amount,
                       -- a pending deadline is counted once it falls due, with no write
                       CASE WHEN d.state = 'PENDING' AND d.due_at > $4 THEN d.due_at END AS changes_at
                  FROM ticket t JOIN deadline d ON d.ticket_id = t.id
                 WHERE t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- a withdrawn deadline is deleted: its withdrawal event keeps the kind and the reason
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       CASE e.d->>'kind'
                           WHEN 'REPLY' THEN ARRAY['replyOnTimeRate', 'replyOnTimeRate' || initcap(t.shift)]
                           WHEN 'DISPATCH' THEN ARRAY['dispatchOnTimeRate', 'dispatchOnTimeRate' || initcap(t.shift)]
                           WHEN 'ACKNOWLEDGE' THEN ARRAY['noticeAckOnTimeRate']
                           ELSE ARRAY['arrivalOnTimeRate', 'arrivalOnTimeRate.' || coalesce(t.distance_band, '%2$s')]
                       END || ARRAY['withdrawals'],
                       'WITHDRAWN', 'WITHDRAWAL', e.id, t.id, t.number, t.received_at, e.d->>'kind',
                       coalesce(e.d->>'reason', '(no reason)'), NULL, NULL
                  FROM ticket t
                  -- looked up ticket by ticket (OFFSET 0 keeps the subquery as it is): joined as a whole, PostgreSQL
                  -- would read every withdrawal ever made to find a day's few
                  CROSS JOIN LATERAL (SELECT e.id, e.detail::jsonb AS d FROM ticket_event e
                                       WHERE e.ticket_id = t.id AND e.type = 'DEADLINE_WITHDRAWN' OFFSET 0) e
                 WHERE t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- every call received; the answer rate counts those in office hours, the hourly one every call
                SELECT (c.started_at AT TIME ZONE $3::text)::date,
                       array_remove(ARRAY['calls',
                           'answerRateByHour.' || to_char(c.started_at AT TIME ZONE $3::text, 'HH24'),
                           CASE WHEN c.office_hours THEN 'officeHoursAnswerRate' END,
                           CASE WHEN c.outcome = 'MISSED' AND c.office_hours THEN 'missedCallsOfficeHours'
                                WHEN c.outcome = 'MISSED' THEN 'missedCallsAfterHours' END,
                           CASE WHEN c.outcome = 'ABANDONED' THEN 'abandonedCalls' END,
                           CASE WHEN c.outcome = 'ABANDONED' AND c.office_hours THEN 'abandonedCallsOfficeHours'
                                WHEN c.outcome = 'ABANDONED' THEN 'abandonedCallsAfterHours' END], NULL),
                       CASE WHEN c.outcome IN ('ANSWERED', 'FORWARDED') THEN 'NUMERATOR'
                            WHEN c.outcome IN ('MISSED', 'ABANDONED') THEN 'DENOMINATOR'
                            ELSE 'IN_PROGRESS' END,
                       'CALL', c.id, c.ticket_id, %3$s, c.started_at, c.outcome, c.linked_id, NULL, NULL
                  FROM call_record c %4$s
                 WHERE c.started_at >= $1 AND c.started_at < $2
                UNION ALL
                -- every ticket received; handling time from its receipt to its (latest) resolution
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       array_remove(ARRAY['tickets',
                           CASE WHEN t.was_major_incident THEN 'avgHandlingDaysMajor'
                                WHEN t.category IN ('GENERAL_QUALITY', 'COMPLAINT') THEN 'avgHandlingDaysGeneral'
                           END], NULL),
                       CASE WHEN t.resolved_at IS NOT NULL THEN 'NUMERATOR' ELSE 'UNRESOLVED' END,
                       'TICKET', t.id, t.id, t.number, t.received_at, t.category, t.status,
                       extract(epoch FROM t.resolved_at - t.received_at)::float8 / 86400, NULL
                  FROM ticket t
                 WHERE t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- item 8: every major incident (also one downgraded since), and whether the phone of someone who was a
                -- leader when told was reached (a role given or taken since changes nothing)
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       ARRAY['majorIncidents', 'majorIncidentLeadersReachedRate'],
                       CASE WHEN EXISTS (SELECT 1 FROM notification n
                                          WHERE n.ticket_id = t.id AND n.kind = 'MAJOR_INCIDENT' AND n.recipient_was_leader
                                            AND %1$s)
                            THEN 'NUMERATOR' ELSE 'DENOMINATOR' END,
                       'TICKET', t.id, t.id, t.number, t.received_at, t.category, NULL, NULL, NULL
                  FROM ticket t
                 WHERE t.was_major_incident AND t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- item 11: every service vehicle that went out is registered: a rescue's (its notice acknowledged by
                -- a station), and an on-site repair's (a station reported its crew on the way or arrived, or
                -- registered a vehicle)
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       ARRAY['vehicleRegisterCompleteness'],
                       CASE WHEN o.trip THEN 'NUMERATOR'
                            WHEN o.crew_out OR EXISTS (SELECT 1 FROM dispatch_notice n
                                          WHERE n.ticket_id = t.id AND n.acknowledged_at IS NOT NULL) THEN 'DENOMINATOR'
                            ELSE 'NOT_ACKNOWLEDGED' END,
                       'TICKET', t.id, t.id, t.number, t.received_at, t.category,
                       CASE WHEN t.category = 'RESCUE' THEN 'rescue' ELSE 'on-site repair' END, NULL, NULL
                  FROM ticket t
                  -- each looked up once per ticket (LIMIT 1): as EXISTS under an OR, PostgreSQL hashes every notice's
                  -- reports instead
                  CROSS JOIN LATERAL (SELECT (SELECT 1 FROM vehicle_trip v WHERE v.ticket_id = t.id LIMIT 1) IS NOT NULL
                                                 AS trip,
                                             (SELECT 1 FROM dispatch_notice n
                                                JOIN notice_report r ON r.notice_id = n.id
                                               WHERE n.ticket_id = t.id AND r.kind IN ('ON_THE_WAY', 'ARRIVED') LIMIT 1)
                                                 IS NOT NULL AS crew_out) o
                 WHERE (t.category = 'RESCUE' OR o.trip OR o.crew_out) AND t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- 6.1.3 customer records: a ticket's caller is on record when the customer of its number has a name, or
                -- the ticket ties it to a vehicle (a VIN on record); a withheld number has nothing to keep a record by
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       ARRAY['customerRecordRate'],
                       CASE WHEN t.caller_number IS NULL THEN 'NO_NUMBER'
                            WHEN btrim(c.name) <> '' OR (c.id IS NOT NULL AND t.vehicle_id IS NOT NULL) THEN 'NUMERATOR'
                            ELSE 'DENOMINATOR' END,
                       'TICKET', t.id, t.id, t.number, t.received_at, t.category,
                       CASE WHEN t.caller_number IS NULL THEN 'withheld number'
                            ELSE coalesce(nullif(concat_ws(' and ', CASE WHEN btrim(c.name) <> '' THEN 'name' END,
                                                           CASE WHEN c.id IS NOT NULL AND t.vehicle_id IS NOT NULL
                                                                THEN 'VIN' END), ''), 'number only') END,
                       NULL, NULL
                  FROM ticket t LEFT JOIN customer c ON c.phone = t.caller_number
                 WHERE t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- 6.1.3 first-time fix: of the tickets resolved at least once, those resolved and never reopened (one
                -- reopened counts against it, resolved again or not); an inquiry is answered, not fixed
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       ARRAY['firstTimeFixRate'],
                       CASE WHEN r.n > 0 THEN 'DENOMINATOR' WHEN t.resolved_at IS NOT NULL THEN 'NUMERATOR'
                            ELSE 'UNRESOLVED' END,
                       'TICKET', t.id, t.id, t.number, t.received_at, t.category,
                       CASE WHEN r.n = 1 THEN 'reopened once' WHEN r.n > 1 THEN 'reopened ' || r.n || ' times'
                            ELSE t.status END,
                       NULL, NULL
                  FROM ticket t
                  CROSS JOIN LATERAL (SELECT count(*) AS n FROM ticket_event e
                                       WHERE e.ticket_id = t.id AND e.type = 'REOPENED') r
                 WHERE t.category <> 'INQUIRY' AND t.received_at >= $1 AND t.received_at < $2
                UNION ALL
                -- the follow-up call of each ticket's latest resolution (a reopening superseded the earlier ones), on
                -- the day the ticket was received: reached over those owed (ended unreached, or past due); not yet
                -- due, impossible (no number) and cancelled (reopened, not resolved again) ones left out. And
                -- satisfaction: the customers reached, satisfied when they scored 4 or 5 (of 1-5). The follow-up is
                -- looked up once for both.
                SELECT (t.received_at AT TIME ZONE $3::text)::date,
                       ARRAY[s.key],
                       CASE WHEN s.key = 'satisfactionRate' AND f.satisfaction >= 4 THEN 'NUMERATOR'
                            WHEN s.key = 'satisfactionRate' THEN 'DENOMINATOR'
                            WHEN f.state = 'REACHED' THEN 'NUMERATOR'
                            WHEN f.state = 'UNREACHABLE' OR (f.state = 'DUE' AND f.due_at <= $4) THEN 'DENOMINATOR'
                            WHEN f.state = 'DUE' THEN 'PENDING'
                            ELSE f.state END,
                       'FOLLOW_UP', f.id, t.id, t.number, t.received_at, f.state,
                       CASE WHEN f.state = 'REACHED' THEN 'satisfaction ' || f.satisfaction
                            WHEN f.state = 'UNREACHABLE' THEN 'not reached in ' || f.attempts || ' calls'
                            WHEN f.state = 'DUE' AND f.due_at <= $4 THEN 'past due, not reached yet'
                            WHEN f.state = 'DUE' THEN 'not due yet'
                            ELSE f.reason END,
                       NULL,
                       -- a follow-up not yet due is owed once it falls due, with no write
                       CASE WHEN s.key = 'followUpRate' AND f.state = 'DUE' AND f.due_at > $4 THEN f.due_at END
                           AS changes_at
                  FROM ticket t
                  JOIN LATERAL (SELECT * FROM follow_up l WHERE l.ticket_id = t.id ORDER BY l.id DESC LIMIT 1) f ON true
                  JOIN (VALUES ('followUpRate'), ('satisfactionRate')) s(key)
                    ON s.key = 'followUpRate' OR f.state = 'REACHED'
                 WHERE t.received_at >= $1 AND t.received_at < $2)
            """;

    /** The items with their calls' ticket numbers, as a page of them shows. */
    private static final String ITEMS = ITEMS_OF.formatted(LEADER_REACHED, KpiCatalog.NO_BAND, "ct.number",
            "LEFT JOIN ticket ct ON ct.id = c.ticket_id");

    /** The items as the counts read them: a call's ticket number is not looked up. */
    private static final String COUNTED_ITEMS = ITEMS_OF.formatted(LEADER_REACHED, KpiCatalog.NO_BAND,
            "NULL::varchar", "");

    /**
     * Per local day, figure key and mark: how many items, their summed amount, the reason (for the counts of
     * exemptions and withdrawals), and when the first of them changes with the time alone. Items alike are added up
     * before their keys are spread, so a day's tens of thousands of items become a few hundred rows first.
     */
    private static final String COUNTS = COUNTED_ITEMS + """
            , alike AS (
                SELECT i.day, i.keys, i.mark,
                       CASE WHEN i.keys && ARRAY['exemptions', 'withdrawals'] THEN i.detail END AS detail,
                       count(*) AS n, sum(i.amount) AS amount, min(i.changes_at) AS changes_at
                  FROM items i
                 GROUP BY 1, 2, 3, 4)
            SELECT a.day, k.key, a.mark,
                   CASE WHEN k.key IN ('exemptions', 'withdrawals') THEN a.detail END AS reason,
                   sum(a.n)::bigint AS n, sum(a.amount) AS amount, min(a.changes_at) AS changes_at
              FROM alike a CROSS JOIN LATERAL unnest(a.keys) AS k(key)
             GROUP BY 1, 2, 3, 4""";

    /** One page of the items a figure ($5) counts, oldest first. */
    private static final String LIST = ITEMS + """
            SELECT i.item, i.item_id, i.ticket_id, i.number, i.at, i.what, i.mark, i.detail, i.amount
              FROM items i
             WHERE $5::text = ANY (i.keys)
             ORDER BY i.at, i.item, i.item_id
             LIMIT $6 OFFSET $7""";

    /**
     * Items of one figure, on one local day (or in the bucket starting that day), with one mark (and reason, for
     * the counts that group by one); {@code changesAt}: when the first of them changes with the time alone.
     */
    public record Count(LocalDate day, String key, String mark, String reason, long n, Double amount,
            Instant changesAt) {
    }

    /**
     * What a figure counts: a DEADLINE, WITHDRAWAL, CALL, TICKET or FOLLOW_UP ({@code id} is its own), the ticket
     * it belongs to, when it (or its ticket) was received, what it is (deadline kind,
     * call outcome, category, follow-up state), its mark, a detail (why late, the exemption's reason, the call's
     * linked id, the ticket's status, the customer's score, what the customer's record holds, how often the ticket was
     * reopened) and its amount (days).
     */
    public record Item(String item, long id, Long ticketId, String number, Instant at, String what, String mark,
            String detail, Double amount) {
    }

    /** A page of items and how many there are in all. */
    public record Page(List<Item> items, long total) {
    }

    /** What ITEMS reads, for the summary's watch to be checked against: the query itself. */
    static String itemsSql() {
        return ITEMS;
    }

    private final Pool pool;

    public KpiQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every figure's counts over [from, to), per day of {@code zone}, as they stand at {@code now}: a part of a day or
     * two, which the database counts without parallel workers (splitting a day's few thousand tickets among them
     * costs more than it saves on two cores).
     */
    public Uni<List<Count>> counts(Instant from, Instant to, ZoneId zone, Instant now) {
        return pool.withTransaction(c -> plan(c, PLAN_LIVE).chain(() -> counts(c, from, to, zone, now)));
    }

    /**
     * How the statements of a transaction are planned for what they read: for their own period (PostgreSQL's generic
     * plan, made after a few runs of a prepared statement, reads a day as if it were years), and through the indexes
     * of records mostly in memory (the default costs, made for spinning disks, have a month scan whole tables).
     */
    private static final String PLAN = "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL random_page_cost = 1.1;"
            + " SET LOCAL work_mem = '32MB'";

    /** {@link #PLAN} for a part of a day or two: without parallel workers. */
    private static final String PLAN_LIVE = PLAN + "; SET LOCAL max_parallel_workers_per_gather = 0";

    /** Plans the statements of {@code c}'s transaction as {@link #PLAN} says, in one round trip. */
    public static Uni<Void> planEach(SqlConnection c) {
        return plan(c, PLAN);
    }

    private static Uni<Void> plan(SqlConnection c, String settings) {
        return c.query(settings).execute().replaceWithVoid();
    }

    /**
     * {@link #counts(Instant, Instant, ZoneId, Instant)} read through {@code client}, a transaction's connection
     * ({@link #planEach} first).
     */
    public Uni<List<Count>> counts(SqlClient client, Instant from, Instant to, ZoneId zone, Instant now) {
        return client.preparedQuery(COUNTS)
                .execute(Tuple.of(utc(from), utc(to), zone.getId(), utc(now)))
                .map(rows -> {
                    List<Count> out = new ArrayList<>();
                    for (Row r : rows) {
                        OffsetDateTime changes = r.getOffsetDateTime("changes_at");
                        out.add(new Count(r.getLocalDate("day"), r.getString("key"), r.getString("mark"),
                                r.getString("reason"), r.getLong("n"), r.getDouble("amount"),
                                changes == null ? null : changes.toInstant()));
                    }
                    return out;
                });
    }

    /** The items one figure counts over [from, to): {@code limit} of them from {@code offset}, oldest first. */
    public Uni<List<Item>> items(String key, Instant from, Instant to, ZoneId zone, Instant now, long offset, int limit) {
        return pool.withTransaction(c -> planEach(c).chain(() -> c.preparedQuery(LIST)
                .execute(Tuple.from(List.of(utc(from), utc(to), zone.getId(), utc(now), key, limit, offset)))))
                .map(rows -> {
                    List<Item> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Item(r.getString("item"), r.getLong("item_id"), r.getLong("ticket_id"),
                                r.getString("number"), r.getOffsetDateTime("at").toInstant(), r.getString("what"),
                                r.getString("mark"), r.getString("detail"), r.getDouble("amount")));
                    }
                    return out;
                });
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

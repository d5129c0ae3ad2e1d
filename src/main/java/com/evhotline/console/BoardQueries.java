package com.evhotline.console;

import com.evhotline.kpi.KpiFigure;
import com.evhotline.kpi.KpiService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the wall board reads, one statement per panel, each from an index: the calls on the line, the deadlines
 * about to breach and breached, and the day's figures.
 */
@ApplicationScoped
public class BoardQueries {

    /** A call on the line: waiting in the queue while {@code answeredAt} is null, else talking. */
    public record Call(long id, String callerNumber, boolean withheld, String route, Instant startedAt, Instant queuedAt,
            Instant answeredAt, String answeredBy, Long ticketId, String ticketNumber) {
    }

    /** A deadline on the board; {@code total} counts its whole list, of which at most {@link #ROWS} are read. */
    public record Due(boolean breached, long ticketId, String number, String kind, String category, String owner,
            Instant dueAt, long total) {
    }

    /**
     * The day's counts: every call and ticket received; office-hours calls answered (by an agent or an accepted
     * mobile), unanswered (missed, abandoned) and still on the line; per deadline kind of the day's tickets.
     */
    public record Day(long calls, long tickets, long answered, long unanswered, long onTheLine, Decided reply,
            Decided dispatch) {
    }

    /**
     * Deadlines of one kind: met by their due instant, late (breached, or past due and not yet marked), still
     * running, exempted.
     */
    public record Decided(long onTime, long late, long running, long exempt) {
    }

    /** Rows read per list: more than a screen shows. */
    static final int ROWS = 50;

    /**
     * An IN_PROGRESS record older than this is a call whose end the PBX never reported (the CDR reconciliation
     * settles it), not a call on the line now.
     */
    static final Duration LIVE_AT_MOST = Duration.ofHours(12);

    private static final String CALLS = """
            SELECT c.id, c.caller_number, c.withheld, c.route, c.started_at, c.queued_at, c.answered_at,
                   coalesce(s.name, c.answered_by_name) AS answered_by, c.ticket_id, t.number
              FROM call_record c LEFT JOIN staff s ON s.id = c.answered_by LEFT JOIN ticket t ON t.id = c.ticket_id
             WHERE c.outcome = 'IN_PROGRESS' AND c.started_at > $1
             ORDER BY c.answered_at IS NOT NULL, coalesce(c.answered_at, c.queued_at, c.started_at), c.id
             LIMIT 100""";

    /*
     * About to breach: still running, and its warning has come (the engine's warning instant) or it falls due
     * within ten minutes (when the pages' countdowns turn amber). Breached: marked so and not met, or past due
     * and not yet marked (the engine is a moment behind); the most recent first.
     */
    private static final String DEADLINES = """
            (SELECT false AS breached, t.id AS ticket_id, t.number, d.kind, t.category, s.name AS owner, d.due_at,
                    count(*) OVER () AS total
               FROM deadline d JOIN ticket t ON t.id = d.ticket_id LEFT JOIN staff s ON s.id = t.assignee_id
              WHERE d.state = 'PENDING' AND d.due_at > $1
                AND (d.due_at <= $2 OR EXISTS (SELECT 1 FROM deadline_timer w WHERE w.deadline_id = d.id
                                                  AND w.kind = 'WARNING' AND w.step = 0 AND w.planned_at <= $1))
              ORDER BY d.due_at, d.id LIMIT $3)
            UNION ALL
            (SELECT true, t.id, t.number, d.kind, t.category, s.name, d.due_at, count(*) OVER ()
               FROM deadline d JOIN ticket t ON t.id = d.ticket_id LEFT JOIN staff s ON s.id = t.assignee_id
              WHERE (d.state = 'BREACHED' AND d.met_at IS NULL) OR (d.state = 'PENDING' AND d.due_at <= $1)
              ORDER BY d.due_at DESC, d.id DESC LIMIT $3)""";

    private final Pool pool;
    private final KpiService kpis;
    private final ZoneId zone;

    public BoardQueries(Pool pool, KpiService kpis, ZoneId zone) {
        this.pool = pool;
        this.kpis = kpis;
        this.zone = zone;
    }

    /** The calls on the line at {@code now}: the longest waiting first, then the longest talking. */
    public Uni<List<Call>> calls(Instant now) {
        return pool.preparedQuery(CALLS).execute(Tuple.of(utc(now.minus(LIVE_AT_MOST)))).map(rows -> {
            List<Call> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Call(r.getLong("id"), r.getString("caller_number"), r.getBoolean("withheld"),
                        r.getString("route"), instant(r, "started_at"), instant(r, "queued_at"), instant(r, "answered_at"),
                        r.getString("answered_by"), r.getLong("ticket_id"), r.getString("number")));
            }
            return out;
        });
    }

    /** The deadlines about to breach (nearest first), then those breached (most recent first). */
    public Uni<List<Due>> deadlines(Instant now, Duration soon) {
        return pool.preparedQuery(DEADLINES).execute(Tuple.of(utc(now), utc(now.plus(soon)), ROWS)).map(rows -> {
            List<Due> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Due(r.getBoolean("breached"), r.getLong("ticket_id"), r.getString("number"),
                        r.getString("kind"), r.getString("category"), r.getString("owner"), instant(r, "due_at"),
                        r.getLong("total")));
            }
            return out;
        });
    }

    /**
     * The counts of the day [from, to) as they stand at {@code now}: the KPI figures' own counts, so the board and
     * the supervisor's figures never disagree.
     */
    public Uni<Day> day(Instant from, Instant to, Instant now) {
        return kpis.figures(from, to, zone, now).map(figures -> {
            Map<String, KpiFigure> byKey = new HashMap<>();
            figures.forEach(f -> byKey.put(f.key(), f));
            KpiFigure answers = byKey.get("officeHoursAnswerRate");
            return new Day(count(byKey.get("calls")), count(byKey.get("tickets")), answers.numerator().longValue(),
                    answers.denominator().longValue() - answers.numerator().longValue(), leftOut(answers, "IN_PROGRESS"),
                    decided(byKey.get("replyOnTimeRate")), decided(byKey.get("dispatchOnTimeRate")));
        });
    }

    private static long count(KpiFigure f) {
        return f.numerator().longValue();
    }

    private static long leftOut(KpiFigure f, String why) {
        return f.leftOut() == null ? 0 : f.leftOut().getOrDefault(why, 0L);
    }

    private static Decided decided(KpiFigure f) {
        long onTime = f.numerator().longValue();
        return new Decided(onTime, f.denominator().longValue() - onTime, leftOut(f, "PENDING"), leftOut(f, "EXEMPT"));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }
}

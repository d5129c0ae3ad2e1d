package com.evhotline.deadline.repository;

import com.evhotline.deadline.EscalationConfig;
import com.evhotline.deadline.engine.DeadlineEngine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The timers of deadlines, written and cancelled inside the transaction that changes the deadline. */
@ApplicationScoped
public class DeadlineTimerRepository {

    /**
     * A timer due later than this from now needs no NOTIFY: every engine looks at the table at least once
     * per safety sweep, and so sees it before it falls due (twice the sweep leaves room for a round in
     * progress and for clocks a little apart). Skipping it matters under load: PostgreSQL holds a
     * database-wide lock from a notifying transaction's commit until its WAL is flushed, so notifying
     * transactions commit one at a time, one fsync each (no group commit).
     */
    private final Duration notifyWithin;

    public DeadlineTimerRepository(EscalationConfig config) {
        this.notifyWithin = config.safetySweep().multipliedBy(2);
    }

    /**
     * Plans the warning and the breach of a deadline (a cancelled pair comes back to life, as when an
     * exemption is revoked) and, when the sooner one falls due within {@link #notifyWithin}, tells every
     * engine on commit.
     */
    /** A deadline's first timers as planned: its warning's instant, and whether its breach has fired. */
    public record Planned(Instant warningAt, boolean breachFired) {
    }

    public Uni<Planned> planned(Long deadlineId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT max(planned_at) FILTER (WHERE kind = 'WARNING' AND step = 0),
                               coalesce(bool_or(kind = 'BREACH' AND step = 0 AND state = 'FIRED'), false)
                          FROM deadline_timer WHERE deadline_id = ?1""", Object[].class)
                        .setParameter(1, deadlineId).getSingleResult())
                .map(r -> new Planned(r[0] == null ? null : ((java.time.OffsetDateTime) r[0]).toInstant(),
                        Boolean.TRUE.equals(r[1])));
    }

    public Uni<Void> plan(Long deadlineId, Long ticketId, Instant warningAt, Instant dueAt, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                        VALUES (?1, ?2, 'WARNING', 0, ?3, ?3, 'PENDING', ?5), (?1, ?2, 'BREACH', 0, ?4, ?4, 'PENDING', ?5)
                        ON CONFLICT (deadline_id, kind, step) DO UPDATE
                           SET state = 'PENDING', planned_at = excluded.planned_at, due_at = excluded.due_at,
                               created_at = excluded.created_at,
                               attempts = 0, fired_at = NULL, fired_by = NULL, lateness_ms = NULL, last_error = NULL
                         WHERE deadline_timer.state = 'CANCELLED'""")
                        .setParameter(1, deadlineId)
                        .setParameter(2, ticketId)
                        .setParameter(3, warningAt.atOffset(ZoneOffset.UTC))
                        .setParameter(4, dueAt.atOffset(ZoneOffset.UTC))
                        .setParameter(5, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .chain(() -> wakeIfSoon(warningAt.isBefore(dueAt) ? warningAt : dueAt, now));
    }

    /**
     * The CTEs {@code dl} (deadlines, answering id, ticket_id, kind, due_at) and {@code tm} (a warning and a
     * breach timer each) of new tickets, each ending in a comma. The tickets are relation {@code tickets}
     * (columns id, number); the deadlines are four parallel arrays at parameters {@code $first}...: ticket
     * numbers, kinds, due instants, warning instants. {@code $1} is the instant of the write.
     */
    public static String insertCtes(String tickets, int first) {
        return """
                dl AS (
                    INSERT INTO deadline (ticket_id, kind, due_at, state)
                    SELECT t.id, y.k, y.d, 'PENDING'
                      FROM unnest($%2$d::text[], $%3$d::text[], $%4$d::timestamptz[]) WITH ORDINALITY AS y(n, k, d, i)
                      JOIN %1$s t ON t.number = y.n
                     ORDER BY y.i
                    RETURNING id, ticket_id, kind, due_at),
                tm AS (
                    INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                    SELECT dl.id, dl.ticket_id, v.kind, 0, v.at, v.at, 'PENDING', $1::timestamptz
                      FROM dl
                      JOIN %1$s t ON t.id = dl.ticket_id
                      JOIN unnest($%2$d::text[], $%3$d::text[], $%5$d::timestamptz[]) AS y(n, k, w)
                           ON y.n = t.number AND y.k = dl.kind
                     CROSS JOIN LATERAL (VALUES ('WARNING', y.w), ('BREACH', dl.due_at)) AS v(kind, at)),
                """.formatted(tickets, first, first + 1, first + 2, first + 3);
    }

    /** Cancels what is left of a deadline's timers (it was met or exempted). */
    public Uni<Integer> cancel(Long deadlineId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE deadline_timer SET state = 'CANCELLED' WHERE deadline_id = ?1 AND state = 'PENDING'")
                .setParameter(1, deadlineId)
                .executeUpdate());
    }

    /**
     * A reopened ticket whose deadlines stayed breached and unmet escalates again, from now: the
     * steps stopped while it was resolved.
     */
    public Uni<Void> resumeEscalation(Long ticketId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO deadline_timer (deadline_id, ticket_id, kind, step, planned_at, due_at, state, created_at)
                        SELECT d.id, d.ticket_id, 'ESCALATION',
                               coalesce((SELECT max(x.step) FROM deadline_timer x
                                          WHERE x.deadline_id = d.id AND x.kind = 'ESCALATION'), 0) + 1,
                               ?2, ?2, 'PENDING', ?2
                          FROM deadline d
                         WHERE d.ticket_id = ?1 AND d.state = 'BREACHED' AND d.met_at IS NULL
                        ON CONFLICT (deadline_id, kind, step) DO NOTHING""")
                        .setParameter(1, ticketId)
                        .setParameter(2, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .chain(() -> wake(now));
    }

    /** Wakes every engine when the transaction commits (a notification is delivered then); see {@link #wakeArgs}. */
    public static final String WAKE = "SELECT pg_notify($1, $2)";

    /** The parameters of {@link #WAKE} for the soonest timer a transaction planned, when it is near enough. */
    public java.util.Optional<io.vertx.mutiny.sqlclient.Tuple> wakeArgs(Instant soonest, Instant now) {
        return soonest == null || !wakesEngines(soonest, now) ? java.util.Optional.empty()
                : java.util.Optional.of(io.vertx.mutiny.sqlclient.Tuple.of(DeadlineEngine.CHANNEL,
                        Long.toString(soonest.toEpochMilli())));
    }

    /** Whether a timer due then must wake the engines on commit (see {@link #notifyWithin}). */
    public boolean wakesEngines(Instant due, Instant now) {
        return !due.isAfter(now.plus(notifyWithin));
    }

    private Uni<Void> wakeIfSoon(Instant due, Instant now) {
        return !wakesEngines(due, now) ? Uni.createFrom().voidItem() : wake(due);
    }

    private Uni<Void> wake(Instant due) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(?1, ?2)) n",
                        Long.class)
                .setParameter(1, DeadlineEngine.CHANNEL)
                .setParameter(2, Long.toString(due.toEpochMilli()))
                .getSingleResult())
                .replaceWithVoid();
    }
}

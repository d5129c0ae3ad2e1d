package com.evhotline.console;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the on-duty page lists: the tickets of the calls forwarded to the person (answered on their mobile) and
 * the open tickets they own; the alerts sent to them. One statement each.
 */
@ApplicationScoped
public class DutyQueries {

    /** A ticket of the person's, with the deadline that comes next (null when none is owed). */
    public record Line(long id, String number, String status, String category, String callerNumber, String dueKind,
            Instant dueAt, Instant calledAt) {
    }

    /** A message of the person's inbox. */
    public record Alert(long id, String kind, String subject, Long ticketId, Instant at, Instant acknowledgedAt) {
    }

    private static final String TICKETS = """
            WITH mine AS (
                SELECT ticket_id AS id, max(started_at) AS called_at FROM call_record
                 WHERE answered_by = $1 AND route = 'FORWARD' AND started_at > $2 AND ticket_id IS NOT NULL
                 GROUP BY ticket_id
                UNION ALL
                SELECT id, NULL FROM ticket WHERE assignee_id = $1 AND status NOT IN ('RESOLVED', 'CLOSED'))
            SELECT t.id, t.number, t.status, t.category, t.caller_number, n.kind, n.due_at, max(mine.called_at) AS called_at
              FROM mine JOIN ticket t ON t.id = mine.id
              LEFT JOIN LATERAL (SELECT d.kind, d.due_at FROM deadline d WHERE d.ticket_id = t.id
                                    AND (d.state = 'PENDING' OR (d.state = 'BREACHED' AND d.met_at IS NULL))
                                  ORDER BY d.due_at LIMIT 1) n ON true
             GROUP BY t.id, n.kind, n.due_at
             ORDER BY n.due_at NULLS LAST, t.id DESC LIMIT 100""";

    private static final String ALERTS = """
            SELECT id, kind, subject, ticket_id, created_at, acknowledged_at FROM notification
             WHERE recipient_staff_id = $1 AND channel = 'WEB' AND created_at > $2
             ORDER BY acknowledged_at IS NOT NULL, id DESC LIMIT 50""";

    private final Pool pool;

    public DutyQueries(Pool pool) {
        this.pool = pool;
    }

    /** The tickets of calls forwarded to the person since {@code since}, and the open ones they own. */
    public Uni<List<Line>> tickets(long staffId, Instant since) {
        return pool.preparedQuery(TICKETS).execute(Tuple.of(staffId, since.atOffset(ZoneOffset.UTC))).map(rows -> {
            List<Line> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Line(r.getLong("id"), r.getString("number"), r.getString("status"), r.getString("category"),
                        r.getString("caller_number"), r.getString("kind"), instant(r, "due_at"), instant(r, "called_at")));
            }
            return out;
        });
    }

    /** The alerts sent to the person since {@code since}, those not yet acknowledged first. */
    public Uni<List<Alert>> alerts(long staffId, Instant since) {
        return pool.preparedQuery(ALERTS).execute(Tuple.of(staffId, since.atOffset(ZoneOffset.UTC))).map(rows -> {
            List<Alert> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Alert(r.getLong("id"), r.getString("kind"), r.getString("subject"), r.getLong("ticket_id"),
                        instant(r, "created_at"), instant(r, "acknowledged_at")));
            }
            return out;
        });
    }

    private static Instant instant(Row r, String column) {
        var at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }
}

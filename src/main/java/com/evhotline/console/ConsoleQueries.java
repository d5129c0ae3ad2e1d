package com.evhotline.console;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console lists, read in one statement each: the call-backs owed (replies, and the follow-up calls of
 * resolved tickets) and a person's own tickets.
 */
@ApplicationScoped
public class ConsoleQueries {

    /** A ticket in a list, with the deadline that comes next (null when none is owed). */
    public record Line(long id, String number, String status, String category, String callerNumber, String assignee,
            String dueKind, Instant dueAt, Instant warnAt) {
    }

    /** When the engine warns of a deadline (its WARNING timer as planned): the page turns the countdown amber then. */
    private static final String WARN_AT = "(SELECT min(w.planned_at) FROM deadline_timer w WHERE w.deadline_id = %s"
            + " AND w.kind = 'WARNING') AS warn_at";

    /**
     * Replies owed first (each ticket once, by the reply it owes first), then follow-up calls by their next call;
     * each part has its own limit, so follow-ups long overdue never push a reply due in minutes off the list.
     */
    private static final String QUEUE = """
            SELECT * FROM ((SELECT * FROM (
                SELECT DISTINCT ON (t.id) t.id, t.number, t.status, t.category, t.caller_number, s.name AS assignee,
                       d.kind, d.due_at, """ + WARN_AT.formatted("d.id") + """
                  FROM deadline d JOIN ticket t ON t.id = d.ticket_id LEFT JOIN staff s ON s.id = t.assignee_id
                 WHERE d.kind = 'REPLY' AND (d.state = 'PENDING' OR (d.state = 'BREACHED' AND d.met_at IS NULL))
                   AND t.status NOT IN ('RESOLVED', 'CLOSED')
                 ORDER BY t.id, d.due_at) owed
             ORDER BY due_at, id LIMIT 200)
            UNION ALL
            -- a resolved ticket's follow-up call (an open ticket owes none, so no ticket is listed twice)
            (SELECT t.id, t.number, t.status, t.category, t.caller_number, s.name, 'FOLLOW_UP', f.next_call_at, NULL
               FROM follow_up f JOIN ticket t ON t.id = f.ticket_id LEFT JOIN staff s ON s.id = t.assignee_id
              WHERE f.state = 'DUE'
              ORDER BY f.next_call_at, t.id LIMIT 200)) listed
             ORDER BY kind = 'FOLLOW_UP', due_at, id""";

    private static final String MINE = """
            SELECT t.id, t.number, t.status, t.category, t.caller_number, s.name AS assignee, n.kind, n.due_at,
                   """ + WARN_AT.formatted("n.id") + """
              FROM ticket t LEFT JOIN staff s ON s.id = t.assignee_id
              LEFT JOIN LATERAL (SELECT d.id, d.kind, d.due_at FROM deadline d WHERE d.ticket_id = t.id
                                    AND (d.state = 'PENDING' OR (d.state = 'BREACHED' AND d.met_at IS NULL))
                                  ORDER BY d.due_at LIMIT 1) n ON true
             WHERE t.assignee_id = $1 AND t.status NOT IN ('RESOLVED', 'CLOSED')
             ORDER BY n.due_at NULLS LAST, t.id DESC LIMIT 200""";

    private final Pool pool;

    public ConsoleQueries(Pool pool) {
        this.pool = pool;
    }

    /** Tickets whose reply or follow-up call is still owed, the nearest due first. */
    public Uni<List<Line>> callBacksOwed() {
        return pool.preparedQuery(QUEUE).execute().map(ConsoleQueries::lines);
    }

    /** The open tickets a person owns, the nearest deadline first. */
    public Uni<List<Line>> ownedBy(Long staffId) {
        return staffId == null ? Uni.createFrom().item(List.of())
                : pool.preparedQuery(MINE).execute(Tuple.of(staffId)).map(ConsoleQueries::lines);
    }

    private static List<Line> lines(Iterable<Row> rows) {
        List<Line> out = new ArrayList<>();
        for (Row r : rows) {
            var due = r.getOffsetDateTime("due_at");
            out.add(new Line(r.getLong("id"), r.getString("number"), r.getString("status"), r.getString("category"),
                    r.getString("caller_number"), r.getString("assignee"), r.getString("kind"),
                    due == null ? null : due.toInstant(),
                    r.getOffsetDateTime("warn_at") == null ? null : r.getOffsetDateTime("warn_at").toInstant()));
        }
        return out;
    }
}

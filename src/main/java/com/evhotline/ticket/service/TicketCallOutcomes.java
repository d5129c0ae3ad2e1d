package com.evhotline.ticket.service;

import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.repository.ExemptionRepository;
import com.evhotline.notification.NotificationService;
import com.evhotline.ticket.TicketStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ended call does to its ticket, in the call intake's transaction ({@code c}), set-based: an
 * unanswered call puts an open ticket into CALLBACK; a withheld caller's deadlines are exempted (nobody can call
 * back); a missed call on a ticket already replied to or dispatched tells whoever must call back.
 */
@ApplicationScoped
public class TicketCallOutcomes {

    /** The missed-call notice, {@code format()}ted with the ticket's number and state. */
    public static final String MISSED_CALL_SUBJECT = "Missed call on ticket %s (%s): the customer called again and"
            + " nobody answered; call them back";

    /** Open tickets whose caller was missed go to CALLBACK. */
    public Uni<Void> askForCallBack(SqlConnection c, Collection<Long> ticketIds, Instant now) {
        return c.preparedQuery("""
                        UPDATE ticket SET status = $2, updated_at = $3::timestamptz, version = version + 1
                         WHERE id = ANY($1::bigint[]) AND status = $4""")
                .execute(Tuple.of(ticketIds.toArray(Long[]::new), TicketStatus.CALLBACK.name(), utc(now),
                        TicketStatus.OPEN.name()))
                .replaceWithVoid();
    }

    /** A deadline exempted: the ticket, and what its DEADLINE_EXEMPTED event records. */
    public record Exempted(Long ticketId, Map<String, Object> detail) {
    }

    /**
     * Every deadline these tickets still owe exempted with the reason, also once due (a call that cannot
     * be called back leaves nothing to act on, so nothing escalates); answers what to record.
     */
    public Uni<List<Exempted>> exemptOwed(SqlConnection c, Collection<Long> ticketIds, String reason,
            String actor, Instant now) {
        return c.preparedQuery(ExemptionRepository.EXEMPT_OWED)
                .execute(Tuple.of(ticketIds.toArray(Long[]::new), utc(now), reason, actor))
                .map(rows -> {
                    List<Exempted> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Exempted(r.getLong(0), TicketDeadlines.exempted(DeadlineKind.valueOf(r.getString(1)),
                                reason, r.getOffsetDateTime(2).toInstant())));
                    }
                    return out;
                });
    }

    /**
     * A missed or abandoned call on a ticket already replied to or dispatched, made after the reply or the
     * notice: the ticket keeps its state (its dispatch is under way) and whoever must call the customer back
     * is told: the ticket's active assignee, else the supervisors and administrators; the service log in any
     * case. Once per call ({@code callIds} and {@code ticketIds} pair up).
     */
    public Uni<Void> tellOfMissedCalls(SqlConnection c, Long[] callIds, Long[] ticketIds, Instant now) {
        return c.preparedQuery("""
                        WITH m AS (
                            SELECT x.call, t.id, t.number, t.status, a.id AS assignee
                              FROM unnest($1::bigint[], $2::bigint[]) AS x(call, ticket)
                              JOIN ticket t ON t.id = x.ticket
                              JOIN call_record c ON c.id = x.call
                              LEFT JOIN staff a ON a.id = t.assignee_id AND a.active
                             WHERE t.status IN ('REPLIED', 'DISPATCHED')
                               -- a call from before the reply or the notice (its end heard late, or
                               -- recovered from the CDRs) is what they answered: nobody to call back
                               AND c.started_at > coalesce(greatest(
                                     (SELECT max(y.replied_at) FROM ticket_reply y WHERE y.ticket_id = t.id),
                                     (SELECT max(d.issued_at) FROM dispatch_notice d WHERE d.ticket_id = t.id)),
                                     '-infinity')
                        ),
                        tell AS (
                            SELECT m.call AS key, 'missed-call:' || m.call AS source, 'MISSED_CALL' AS kind,
                                   m.id AS ticket_id, NULL::bigint AS deadline_id, format($4, m.number, m.status) AS subject,
                                   m.assignee AS owner
                              FROM m),
                        """ + NotificationService.tellCtes("tell", "$3::timestamptz") + """
                        SELECT count(*) FROM web""")
                .execute(Tuple.of(callIds, ticketIds, utc(now), MISSED_CALL_SUBJECT))
                .replaceWithVoid();
    }

    /**
     * A call forwarded to a mobile and accepted there: the person who took it is sent the caller's number and the
     * ticket's (mobile networks often do not pass the caller's number on), once per call. {@code callIds},
     * {@code ticketIds} and {@code staffIds} pair up.
     */
    public Uni<Void> tellOfForwardedCalls(SqlConnection c, Long[] callIds, Long[] ticketIds, Long[] staffIds,
            Instant now) {
        return c.preparedQuery("""
                        WITH tell AS (
                            SELECT x.call AS key, 'forwarded:' || x.call AS source, 'CALL_FORWARDED' AS kind,
                                   t.id AS ticket_id, NULL::bigint AS deadline_id,
                                   'Call you took from ' || coalesce(k.caller_number, 'a withheld number') || ': ticket '
                                       || t.number || ' (' || t.category || ')' AS subject,
                                   x.staff AS owner
                              FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS x(call, ticket, staff)
                              JOIN ticket t ON t.id = x.ticket
                              JOIN call_record k ON k.id = x.call),
                        """ + NotificationService.tellCtes("tell", "$4::timestamptz") + """
                        SELECT count(*) FROM web""")
                .execute(Tuple.of(callIds, ticketIds, staffIds, utc(now)))
                .replaceWithVoid();
    }

    /** A ticket that changed hands to whoever answered its call: its ticket, and what its ASSIGNED event records. */
    public record Owned(Long ticketId, Map<String, Object> detail) {
    }

    /**
     * A ticket a call opened belongs to whoever answered its first answered call (the agent in the queue,
     * or the person whose mobile accepted it) unless it changed hands before (answered, or reassigned by a
     * supervisor); tickets opened by hand stay their creator's. {@code answerers}: ticket to staff id;
     * {@code openedNow}: tickets the same transaction opened for calls (their history comes after this);
     * {@code pbx} the actor that opened the earlier ones. Answers the tickets that changed hands.
     */
    public Uni<List<Owned>> giveToAnswerer(SqlConnection c, Map<Long, Long> answerers, Collection<Long> openedNow,
            String pbx, Instant now) {
        return c.preparedQuery("""
                        WITH a AS (
                            SELECT x.ticket, x.staff FROM unnest($1::bigint[], $2::bigint[]) AS x(ticket, staff)
                        ),
                        before AS (
                            SELECT t.id, t.assignee_id FROM ticket t JOIN a ON a.ticket = t.id
                        )
                        UPDATE ticket t SET assignee_id = a.staff, updated_at = $3::timestamptz, version = t.version + 1
                          FROM a JOIN before b ON b.id = a.ticket
                         WHERE t.id = a.ticket AND t.assignee_id IS DISTINCT FROM a.staff
                           -- the owner as read: a reassignment committed meanwhile stands
                           AND t.assignee_id IS NOT DISTINCT FROM b.assignee_id
                           AND (t.id = ANY($5::bigint[])
                                OR EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'OPENED'
                                              AND e.actor = $4))
                           AND NOT EXISTS (SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id
                                              AND e.type IN ('ASSIGNED', 'REASSIGNED'))
                        RETURNING t.id, b.assignee_id, a.staff""")
                .execute(Tuple.of(answerers.keySet().toArray(Long[]::new), answerers.values().toArray(Long[]::new),
                        utc(now), pbx, openedNow.toArray(Long[]::new)))
                .map(rows -> {
                    List<Owned> out = new ArrayList<>();
                    for (Row r : rows) {
                        Map<String, Object> detail = new LinkedHashMap<>();
                        detail.put("from", r.getLong(1));
                        detail.put("to", r.getLong(2));
                        detail.put("why", "answered the call");
                        out.add(new Owned(r.getLong(0), detail));
                    }
                    return out;
                });
    }

    private static java.time.OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}

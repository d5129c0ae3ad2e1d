package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallSnapshot;
import com.evhotline.call.LinkedIds;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.db.PipelinedTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the AMI link learnt about calls, many calls per transaction, as state rather than as
 * events: each row keeps the earliest start, the first answer, and a final outcome once known, so a
 * batch written twice changes nothing. Calls that have no ticket yet (the routing script never saw
 * them) get one; ended calls hand their outcome to their ticket.
 */
@ApplicationScoped
public class CallWriter {

    static final String UPSERT = """
            INSERT INTO call_record AS c (linked_id, caller_number, withheld, started_at, queue, queued_at,
                answered_at, answered_by_name, answered_by, ended_at, outcome, office_hours, recording, source, updated_at,
                routed_at)
            SELECT $1::text, $2::text, $3::boolean, $4::timestamptz, $5::text, $6::timestamptz, $7::timestamptz, $8::text,
                CASE WHEN $8::text IS NOT NULL THEN
                    coalesce((SELECT u.staff_id FROM app_user u WHERE u.username = $8::text),
                             (SELECT s.id FROM staff s WHERE s.mobile = $8::text AND s.active ORDER BY s.id LIMIT 1))
                END,
                $9::timestamptz, $10::text, $11::boolean, $12::text, $13::text, $14::timestamptz, $15::timestamptz
            ON CONFLICT (linked_id) DO UPDATE SET
                caller_number = coalesce(c.caller_number, EXCLUDED.caller_number),
                withheld = coalesce(c.caller_number, EXCLUDED.caller_number) IS NULL AND (c.withheld OR EXCLUDED.withheld),
                started_at = least(c.started_at, EXCLUDED.started_at),
                queue = coalesce(c.queue, EXCLUDED.queue),
                queued_at = least(c.queued_at, EXCLUDED.queued_at),
                -- who answered and when, like the outcome, stay as the ticket took them (a MISSED call keeps no answer)
                answered_at = CASE WHEN c.outcome_applied THEN c.answered_at ELSE least(c.answered_at, EXCLUDED.answered_at) END,
                answered_by_name = CASE WHEN c.outcome_applied THEN c.answered_by_name
                                        ELSE coalesce(EXCLUDED.answered_by_name, c.answered_by_name) END, -- member name over interface
                answered_by = CASE WHEN c.outcome_applied THEN c.answered_by ELSE coalesce(EXCLUDED.answered_by, c.answered_by) END,
                ended_at = least(c.ended_at, EXCLUDED.ended_at),
                -- an answer is never taken back; nor is an outcome once the ticket has taken it (its status and
                -- history say so: a call-back already asked for stays asked for)
                outcome = CASE WHEN EXCLUDED.outcome = 'IN_PROGRESS' OR c.outcome IN ('ANSWERED', 'FORWARDED')
                                    OR c.outcome_applied
                               THEN c.outcome ELSE EXCLUDED.outcome END,
                recording = coalesce(EXCLUDED.recording, c.recording),
                -- office hours as decided at the instant that routed the call, once that is known
                office_hours = CASE WHEN c.routed_at IS NULL AND EXCLUDED.routed_at IS NOT NULL
                                    THEN EXCLUDED.office_hours ELSE c.office_hours END,
                routed_at = coalesce(c.routed_at, EXCLUDED.routed_at),
                updated_at = EXCLUDED.updated_at
            RETURNING c.linked_id, c.ticket_id, c.outcome, c.outcome_applied, c.id, c.answered_by, c.answered_by_name""";

    /** The columns' lengths (call_record.queue, answered_by_name). */
    private static final int QUEUE_MAX = 64;
    private static final int ANSWERER_MAX = 80;

    /** A number as a mobile shows it, to be found among the staff's mobiles. */
    private static final java.util.regex.Pattern DIALLED = java.util.regex.Pattern.compile("\\+?[0-9]{6,15}");

    /** What a written call still needs: a ticket, or its outcome on the ticket. */
    public record Written(String linkedId, Long ticketId, CallOutcome outcome, boolean outcomeApplied, Long callId,
            Long answeredBy, String answeredByName) {

        /** Accepted on a staff member's mobile (named by its number, where an agent is named by login). */
        boolean takenOnAMobile() {
            return answeredBy != null && answeredByName != null && DIALLED.matcher(answeredByName).matches();
        }
    }

    private final Pool pool;
    private final CalendarService calendar;
    private final CallTicketService tickets;
    private final CallIntake intake;
    private final Clock clock;
    private final PhoneNumbers phones;

    public CallWriter(Pool pool, CalendarService calendar, CallTicketService tickets, CallIntake intake, Clock clock,
            PhoneNumbers phones) {
        this.phones = phones;
        this.pool = pool;
        this.calendar = calendar;
        this.tickets = tickets;
        this.intake = intake;
        this.clock = clock;
    }

    /**
     * Writes the snapshots in one transaction, then gives the calls that need one their ticket and the
     * ended ones their outcome, each group in one transaction of its own (both are idempotent: when one
     * fails the gateway writes the batch again).
     */
    public Uni<List<Written>> write(List<CallSnapshot> batch, String source) {
        Instant now = clock.instant();
        ServiceCalendar cal = calendar.current();
        List<Tuple> rows = new ArrayList<>(batch.size());
        List<String> ids = new ArrayList<>(batch.size());
        for (CallSnapshot s : batch) {
            rows.add(tuple(s, source, now, cal));
            ids.add(s.linkedId());
        }
        // BEGIN, the locks, the upsert and COMMIT in one round trip: the database runs them in this order
        List<PipelinedTransaction.Statement> statements = new ArrayList<>(2);
        CallTicketService.locks(CallTicketService.CALL_LOCK, ids).ifPresent(statements::add);
        statements.add(PipelinedTransaction.Statement.batch(UPSERT, rows));
        return PipelinedTransaction.atOnce(pool, statements).map(answers -> answers.get(answers.size() - 1))
                .map(CallWriter::written)
                .call(written -> followUps(batch, written, source));
    }

    private Uni<Void> followUps(List<CallSnapshot> batch, List<Written> written, String source) {
        List<CallTicketService.Intake> place = new ArrayList<>();
        List<String> settle = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Written w = written.get(i);
            CallSnapshot s = batch.get(i);
            if (w.ticketId() == null && (s.offered() || s.ended()) && !intake.awaitingDatabase(w.linkedId())) {
                place.add(new CallTicketService.Intake(w.linkedId(), s.callerRaw(), s.startedAt(), null, s.queue(), null,
                        null, source, s.routedAt()));
            } else if (w.ticketId() != null && w.outcome() != CallOutcome.IN_PROGRESS && !w.outcomeApplied()) {
                settle.add(w.linkedId());
            }
        }
        // the person whose mobile accepted a forwarded call is sent its number and ticket during the call (once per
        // call: the message's source is the call); a call not yet on its ticket then is told when it ends
        List<Written> taken = written.stream().filter(w -> w.ticketId() != null && !w.outcomeApplied()
                && w.takenOnAMobile()).toList();
        return tickets.placeAll(place).chain(() -> tickets.settleAll(settle))
                .chain(() -> taken.isEmpty() ? Uni.createFrom().voidItem() : tickets.tellWhoTookForwardedCalls(
                        taken.stream().map(Written::callId).toArray(Long[]::new),
                        taken.stream().map(Written::ticketId).toArray(Long[]::new),
                        taken.stream().map(Written::answeredBy).toArray(Long[]::new)));
    }

    private Tuple tuple(CallSnapshot s, String source, Instant now, ServiceCalendar cal) {
        String caller = tickets.callerNumber(s.callerRaw());
        boolean withheld = caller == null; // withheld, or not a phone number: nothing to call back
        // only a call somebody took is recorded (MixMonitor b: no conversation, no file)
        String recording = s.answeredAt() == null ? null : s.recording() != null ? s.recording() : s.linkedId() + ".wav";
        String by = s.answeredByName();
        if (by != null && DIALLED.matcher(by).matches()) {
            by = phones.tryNormalise(by).orElse(by); // a mobile dialled in national form matches staff.mobile in E.164
        }
        return Tuple.from(java.util.Arrays.asList(s.linkedId(), (caller), withheld, utc(s.startedAt()),
                LinkedIds.name(s.queue(), QUEUE_MAX), (utc(s.queuedAt())), (utc(s.answeredAt())),
                LinkedIds.name(by, ANSWERER_MAX),
                (utc(s.endedAt())), s.outcome().name(),
                cal.isOfficeHours(s.routedAt() != null ? s.routedAt() : s.startedAt()),
                (recording), source, utc(now), utc(s.routedAt())));
    }

    private static List<Written> written(RowSet<Row> first) {
        List<Written> out = new ArrayList<>();
        for (RowSet<Row> rs = first; rs != null; rs = rs.next()) {
            for (Row r : rs) {
                out.add(new Written(r.getString(0), r.getLong(1), CallOutcome.valueOf(r.getString(2)), r.getBoolean(3),
                        r.getLong(4), r.getLong(5), r.getString(6)));
            }
        }
        return out;
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

}

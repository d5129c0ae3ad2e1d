package com.evhotline.notification;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox's delivery side, the only code that changes a message once written: handing messages to the
 * workers, recording every attempt, telling the supervisors of a message that cannot be delivered, and
 * acknowledgements. The messages themselves, also each channel's copy, are written by {@link NotificationService}.
 */
@ApplicationScoped
public class Outbox {

    /** A message to hand to its channel. */
    public record Message(long id, String kind, String channel, String address, String subject, Long ticketId,
            String ticketNumber, Long noticeId, Instant createdAt, int attempts, String recipientName) {
    }

    /** A message as its acknowledgement link shows it. */
    public record Acknowledgeable(long id, String kind, String channel, String subject, String ticketNumber,
            Long noticeId, Long recipientStaffId, String recipientName, Instant createdAt, Instant acknowledgedAt,
            String acknowledgedBy, boolean toAddressee) {
    }

    /**
     * Hands out messages due for an attempt, each held for this worker until $2 (a worker that dies mid-send
     * lets it go then, and the message is sent again with the same id). $1 the instant, $3 the channel (each
     * has its own sender), $4 how many; read in order from V32's index of queued messages by channel.
     */
    static final String CLAIM = """
            UPDATE notification n SET lease_until = $2, attempts = n.attempts + 1
             WHERE n.id IN (SELECT id FROM notification
                             WHERE state = 'QUEUED' AND channel = $3 AND next_attempt_at <= $1
                               AND (lease_until IS NULL OR lease_until <= $1)
                             ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
            RETURNING n.id, n.kind, n.channel, n.address, n.subject, n.ticket_id, n.notice_id, n.created_at, n.attempts,
                      (SELECT t.number FROM ticket t WHERE t.id = n.ticket_id) AS ticket_number,
                      (SELECT s.name FROM staff s WHERE s.id = n.recipient_staff_id) AS recipient_name""";

    /**
     * The channel took the message: $1 the instant, $2 the message, $3 ACCEPTED or SENT, $4 what it answered,
     * $5 the attempt this was (an answer that comes after the message was handed out again changes nothing).
     */
    static final String DELIVERED = """
            WITH u AS (
                UPDATE notification SET state = CASE WHEN state = 'QUEUED' THEN $3 ELSE state END,
                                        -- a voice call placed is not yet a person reached: its answer says so
                                        accepted_at = CASE WHEN channel = 'VOICE' THEN accepted_at
                                                           ELSE coalesce(accepted_at, $1) END,
                                        -- a call placed owes its outcome within the ring time and a margin
                                        next_attempt_at = CASE WHEN channel = 'VOICE' THEN $1 + interval '2 minutes'
                                                               ELSE next_attempt_at END,
                                        lease_until = NULL, last_error = NULL
                 WHERE id = $2 AND attempts = $5 AND state IN ('QUEUED', 'ACKNOWLEDGED') RETURNING id)
            INSERT INTO notification_attempt (notification_id, at, outcome, detail) SELECT id, $1, $3, $4 FROM u""";

    /**
     * An attempt failed: $1 the instant, $2 the message, $3 why, $4 when to try again, $5 the attempts allowed,
     * $6 the attempt this was. After the last, the message is FAILED; answers its state.
     */
    static final String FAILED = """
            WITH u AS (
                UPDATE notification SET state = CASE WHEN attempts >= $5 THEN 'FAILED' ELSE state END,
                                        next_attempt_at = $4, lease_until = NULL, last_error = $3
                 WHERE id = $2 AND attempts = $6 AND state = 'QUEUED' RETURNING id, state),
            a AS (INSERT INTO notification_attempt (notification_id, at, outcome, detail) SELECT id, $1, 'FAILED', $3 FROM u)
            SELECT state FROM u""";

    /**
     * When a message that failed its attempt is tried again ($1 the instant): the base wait doubled per attempt
     * made, at most the longest; as the worker's backoff for a failed send.
     */
    private static String retryAt(String baseSeconds, String maxSeconds) {
        return "$1 + make_interval(secs => least(" + baseSeconds + " * power(2, attempts - 1), " + maxSeconds + "))";
    }

    /** Whether message $2 is still being handed to its channel (the PBX may tell a call's outcome before that ends). */
    private static final String IN_FLIGHT = """
            EXISTS (SELECT 1 FROM notification WHERE id = $2 AND state = 'QUEUED' AND lease_until IS NOT NULL) AS in_flight""";

    /** A voice call placed was answered: $1 the instant, $2 the message. The person was reached. */
    static final String VOICE_ANSWERED = """
            WITH u AS (
                UPDATE notification SET state = CASE WHEN state = 'SENT' THEN 'ACCEPTED' ELSE state END,
                                        accepted_at = coalesce(accepted_at, $1)
                 WHERE id = $2 AND attempts = $3 AND channel = 'VOICE' AND state IN ('SENT', 'ACKNOWLEDGED')
                   AND accepted_at IS NULL
                RETURNING id),
            a AS (INSERT INTO notification_attempt (notification_id, at, outcome, detail)
                    SELECT id, $1, 'ACCEPTED', 'the call was answered' FROM u)
            SELECT (SELECT count(*) FROM u) > 0 AS done, """ + IN_FLIGHT;

    /**
     * A voice call placed rang out (no answer, busy, unreachable) or was answered without 1 being pressed: a
     * failed attempt like any other, tried again after the backoff ($4 base seconds doubling, at most $7) unless
     * it was the last of $5. $1 the instant, $2 the message, $3 why, $6 the attempt (null: the one out).
     * Answers its state.
     */
    static final String VOICE_UNANSWERED = """
            WITH u AS (
                UPDATE notification SET state = CASE WHEN attempts >= $5 THEN 'FAILED' ELSE 'QUEUED' END,
                                        next_attempt_at = """ + retryAt("$4", "$7") + """
                                        , last_error = $3, accepted_at = NULL
                 WHERE id = $2 AND ($6::int IS NULL OR attempts = $6) AND channel = 'VOICE'
                   AND state IN ('SENT', 'ACCEPTED') AND acknowledged_at IS NULL
                RETURNING id, state),
            a AS (INSERT INTO notification_attempt (notification_id, at, outcome, detail) SELECT id, $1, 'FAILED', $3 FROM u)
            SELECT (SELECT state FROM u) AS state, """ + IN_FLIGHT;

    /**
     * Voice calls placed whose outcome did not come in time (a PBX restart or a lost AMI link during the
     * ringing): unanswered, tried again after the backoff ($2 base seconds doubling, at most $3) unless that
     * was the last of $4 attempts. $1 the instant. Answers how many failed for good.
     */
    static final String SILENT_CALLS = """
            WITH u AS (
                UPDATE notification SET state = CASE WHEN attempts >= $4 THEN 'FAILED' ELSE 'QUEUED' END,
                                        next_attempt_at = """ + retryAt("$2", "$3") + """
                                        , last_error = 'the PBX never said whether the call was answered'
                 WHERE id IN (SELECT id FROM notification WHERE channel = 'VOICE' AND state = 'SENT'
                                 AND acknowledged_at IS NULL AND next_attempt_at <= $1
                               ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
                RETURNING id, state),
            a AS (INSERT INTO notification_attempt (notification_id, at, outcome, detail)
                  SELECT id, $1, 'FAILED', 'the PBX never said whether the call was answered' FROM u)
            SELECT count(*) FILTER (WHERE state = 'FAILED') FROM u""";

    /**
     * A message that could not be delivered, told to the active supervisors and administrators and to $3 (who is
     * on shift besides: after office hours, the person on duty) (its own recipient left out) in their inboxes, from where the planner sends it on their channels; once per message,
     * and never for a message that itself told of one. $1 the instant, $2 the failed message's id.
     */
    static final String RAISE = """
            WITH f AS (
                UPDATE notification n SET raised = true
                 WHERE n.id = $2 AND n.state = 'FAILED' AND NOT n.raised
                RETURNING n.id, n.kind, n.channel, n.address, n.subject, n.ticket_id, n.last_error, n.recipient_staff_id,
                             (SELECT s.name FROM staff s WHERE s.id = n.recipient_staff_id) AS name),
            what AS (
                SELECT 1 AS key, 'undelivered:' || f.id AS source, 'DELIVERY_FAILED' AS kind, f.ticket_id,
                       CAST(NULL AS bigint) AS deadline_id,
                       left('NOT DELIVERED by ' || f.channel || ' to ' || coalesce(f.name, '?')
                            || coalesce(' (' || f.address || ')', '') || ': ' || coalesce(f.last_error, '?')
                            || ' | ' || f.subject, 500) AS subject
                  FROM f WHERE f.kind <> 'DELIVERY_FAILED'),
            whom AS (
                SELECT 1 AS key, s.id AS staff_id FROM (""" + NotificationRepository.SUPERVISORS + """
                  UNION SELECT unnest($3::bigint[])
                ) s WHERE s.id IS DISTINCT FROM (SELECT recipient_staff_id FROM f)),
            """ + NotificationService.deliverCtes("what", "whom", "$1") + """
            SELECT count(*) FROM web""";

    /**
     * Acknowledges a message to its person on every channel it went (a voice call still queued is not
     * placed); the first acknowledgement counts. $1 the instant, $2 the message, $3 who. Answers the rows
     * acknowledged now.
     */
    static final String ACKNOWLEDGE = """
            UPDATE notification n SET state = CASE WHEN n.channel IN ('SMS', 'EMAIL', 'VOICE') THEN 'ACKNOWLEDGED'
                                                   ELSE n.state END,
                                      acknowledged_at = $1, acknowledged_by = $3, lease_until = NULL
              FROM notification m
             WHERE m.id = $2 AND n.source = m.source AND n.recipient_staff_id = m.recipient_staff_id
               AND n.acknowledged_at IS NULL AND n.state <> 'FAILED'
            RETURNING n.id""";

    /** The messages of a dispatch notice, acknowledged with it. $1 the instant, $2 the notice, $3 who. */
    static final String ACKNOWLEDGE_NOTICE = """
            UPDATE notification SET state = CASE WHEN channel IN ('SMS', 'EMAIL', 'VOICE') THEN 'ACKNOWLEDGED' ELSE state END,
                                    acknowledged_at = $1, acknowledged_by = $3, lease_until = NULL
             WHERE notice_id = $2 AND acknowledged_at IS NULL AND state <> 'FAILED'""";

    /** Messages that failed for good and whose failure no supervisor was told of yet (a crash in between). */
    static final String UNRAISED = "SELECT id FROM notification WHERE state = 'FAILED' AND NOT raised ORDER BY id LIMIT 100";

    static final String ONE = """
            SELECT n.id, n.kind, n.channel, n.subject, n.notice_id, n.recipient_staff_id, n.created_at,
                   (SELECT t.number FROM ticket t WHERE t.id = n.ticket_id) AS ticket_number,
                   (SELECT s.name FROM staff s WHERE s.id = n.recipient_staff_id) AS recipient_name,
                   (SELECT min(k.acknowledged_at) FROM notification k WHERE k.source = n.source
                       AND k.recipient_staff_id = n.recipient_staff_id) AS acknowledged_at,
                   (SELECT k.acknowledged_by FROM notification k WHERE k.source = n.source
                       AND k.recipient_staff_id = n.recipient_staff_id AND k.acknowledged_at IS NOT NULL
                     ORDER BY k.acknowledged_at LIMIT 1) AS acknowledged_by,
                   -- whose acknowledgement counts for the notice: its addressees, and the regional managers of
                   -- its station's region (as acknowledging through the API allows)
                   (n.recipient_staff_id IN (SELECT a.staff_id FROM notice_addressees(n.notice_id) a)
                    OR EXISTS (SELECT 1 FROM dispatch_notice dn JOIN station st ON st.id = dn.station_id
                                 JOIN staff s ON s.id = n.recipient_staff_id AND s.region = st.region
                                 JOIN staff_role r ON r.staff_id = s.id AND r.role = 'regional'
                                WHERE dn.id = n.notice_id)) AS addressee
              FROM notification n WHERE n.id = $1""";

    private final Pool pool;

    public Outbox(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Message>> claim(Instant now, Instant leaseUntil, String channel, int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(leaseUntil), channel, limit)).map(rows -> {
            List<Message> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Message(r.getLong("id"), r.getString("kind"), r.getString("channel"), r.getString("address"),
                        r.getString("subject"), r.getLong("ticket_id"), r.getString("ticket_number"),
                        r.getLong("notice_id"), r.getOffsetDateTime("created_at").toInstant(), r.getInteger("attempts"),
                        r.getString("recipient_name")));
            }
            return out;
        });
    }

    public Uni<Void> delivered(Instant now, Message m, String state, String detail) {
        return pool.preparedQuery(DELIVERED).execute(Tuple.of(utc(now), m.id(), state, clip(detail), m.attempts()))
                .replaceWithVoid();
    }

    /** What became of a call's outcome: the message's state after it (null: unchanged), or still being sent. */
    public record Outcome(String state, boolean inFlight) {
    }

    /** Records a voice call answered. */
    public Uni<Outcome> voiceAnswered(Instant now, long id, int attempt) {
        return pool.preparedQuery(VOICE_ANSWERED).execute(Tuple.of(utc(now), id, attempt)).map(rows -> {
            Row r = rows.iterator().next();
            return new Outcome(r.getBoolean("done") ? "ACCEPTED" : null, r.getBoolean("in_flight"));
        });
    }

    /** Records a voice call that rang out, to be tried again after the backoff. */
    public Uni<Outcome> voiceUnanswered(Instant now, long id, Integer attempt, String why, java.time.Duration backoff,
            java.time.Duration maxBackoff, int attemptsAllowed) {
        return pool.preparedQuery(VOICE_UNANSWERED).execute(Tuple.from(java.util.Arrays.asList(utc(now), id, clip(why),
                        backoff.toSeconds(), attemptsAllowed, attempt, maxBackoff.toSeconds())))
                .map(u -> {
                    Row r = u.iterator().next();
                    return new Outcome(r.getString("state"), r.getBoolean("in_flight"));
                });
    }

    /** Sweeps the voice calls whose outcome never came (see {@link #SILENT_CALLS}); answers how many failed for good. */
    public Uni<Long> silentCalls(Instant now, java.time.Duration backoff, java.time.Duration maxBackoff, int attempts) {
        return pool.preparedQuery(SILENT_CALLS).execute(Tuple.of(utc(now), backoff.toSeconds(), maxBackoff.toSeconds(),
                attempts)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Records a failed attempt; answers true when the message has now failed for good. */
    public Uni<Boolean> failed(Instant now, Message m, String why, Instant retryAt, int attemptsAllowed) {
        return pool.preparedQuery(FAILED).execute(Tuple.from(java.util.Arrays.asList(utc(now), m.id(), clip(why),
                        utc(retryAt), attemptsAllowed, m.attempts())))
                .map(rows -> rows.size() > 0 && "FAILED".equals(rows.iterator().next().getString(0)));
    }


    /** Tells the supervisors of every message that failed for good and was not told of yet; answers how many. */
    public Uni<Integer> raiseFailures(Instant now, Long[] onShift) {
        return pool.preparedQuery(UNRAISED).execute().chain(rows -> {
            List<Long> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getLong(0)));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Long id : ids) {
                chain = chain.chain(() -> raise(now, id, onShift).replaceWithVoid());
            }
            return chain.replaceWith(ids.size());
        });
    }

    /** Tells the supervisors of a message that could not be delivered (once per message). */
    public Uni<Long> raise(Instant now, long failedId, Long[] onShift) {
        return pool.preparedQuery(RAISE).execute(Tuple.of(utc(now), failedId, onShift))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Acknowledgeable> one(long id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            OffsetDateTime ack = r.getOffsetDateTime("acknowledged_at");
            return new Acknowledgeable(r.getLong("id"), r.getString("kind"), r.getString("channel"),
                    r.getString("subject"), r.getString("ticket_number"), r.getLong("notice_id"),
                    r.getLong("recipient_staff_id"), r.getString("recipient_name"),
                    r.getOffsetDateTime("created_at").toInstant(), ack == null ? null : ack.toInstant(),
                    r.getString("acknowledged_by"), r.getBoolean("addressee"));
        });
    }

    /** Acknowledges a message to its person on all its channels; answers how many rows took it now. */
    public Uni<Integer> acknowledge(Instant now, long id, String by) {
        return pool.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(utc(now), id, by)).map(rows -> rows.rowCount());
    }

    public Uni<Void> acknowledgeNotice(Instant now, long noticeId, String by) {
        return pool.preparedQuery(ACKNOWLEDGE_NOTICE).execute(Tuple.of(utc(now), noticeId, by)).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}

package com.evhotline.notification;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Tells people: every message is written here, the inbox's first and then each channel's copy
 * ({@link #planChannels}); other packages compose its statements ({@link #tellCtes}, {@link #deliverCtes})
 * into their own transactions. {@link Outbox} then only delivers what is written.
 */
@ApplicationScoped
public class NotificationService {

    /** Who a major-incident alert reached: how many people, and whether they were leaders (else supervisors). */
    public record Told(long people, boolean leaders, List<String> channels) {
    }

    /** The channels an alert reaches today: the web inbox and the service log. */
    private static final List<String> CHANNELS = List.of("WEB", "LOG");

    /**
     * The leaders told of a major incident at once, on every channel that exists; with no leader on record
     * the supervisors and administrators instead, so the alert never goes nowhere. $1 the instant, $2 the
     * alert's source key, $3 the ticket, $4 the subject; answers how many were told and how many leaders
     * there are.
     */
    static final String MAJOR_INCIDENT = """
            WITH leaders AS (
                SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id
                 WHERE s.active AND r.role = 'leader'
            ),
            people AS (
                SELECT 1 AS key, id AS staff_id FROM leaders
                UNION
                SELECT DISTINCT 1, s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id
                 WHERE s.active AND r.role IN ('supervisor', 'admin') AND NOT EXISTS (SELECT 1 FROM leaders)
            ),
            what AS (
                SELECT 1 AS key, CAST($2 AS text) AS source, 'MAJOR_INCIDENT' AS kind, CAST($3 AS bigint) AS ticket_id,
                       CAST(NULL AS bigint) AS deadline_id, CAST($4 AS text) AS subject
            ),
            """ + deliverCtes("what", "people", "$1") + """
            SELECT (SELECT count(*) FROM web) AS told, (SELECT count(*) FROM leaders) AS leaders""";

    /**
     * The CTEs {@code web} and {@code log} that deliver the messages of relation {@code messages} (columns
     * key, source, kind, ticket_id, deadline_id, subject) to the web inbox of each person that relation
     * {@code recipients} names for the message (columns key, staff_id), and to the service log. A source
     * already delivered on a channel to a person is not delivered again. {@code at} is the SQL of the
     * instant. Each answers 1 per row written, so the caller may count people told; no trailing comma.
     */
    public static String deliverCtes(String messages, String recipients, String at) {
        return deliverCtes(messages, recipients, at, false);
    }

    /** {@link #deliverCtes(String, String, String)}; with {@code aboutNotices} the messages carry a notice_id column. */
    public static String deliverCtes(String messages, String recipients, String at, boolean aboutNotices) {
        return """
                web AS (
                    INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, deadline_id,
                                              notice_id, subject, state, delivered_at)
                    SELECT %3$s, m.source, m.kind, 'WEB', r.staff_id, m.ticket_id, m.deadline_id, %4$s, m.subject,
                           'DELIVERED', %3$s
                      FROM %1$s m JOIN %2$s r ON r.key = m.key
                    ON CONFLICT DO NOTHING
                    RETURNING 1),
                log AS (
                    INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, deadline_id,
                                              notice_id, subject, state, planned)
                    SELECT %3$s, m.source, m.kind, 'LOG', NULL, m.ticket_id, m.deadline_id, %4$s, m.subject, 'PENDING', true
                      FROM %1$s m
                    ON CONFLICT DO NOTHING
                    RETURNING 1)
                """.formatted(messages, recipients, at, aboutNotices ? "m.notice_id" : "CAST(NULL AS bigint)");
    }

    /**
     * {@link #deliverCtes} for messages that each have an owner or none (relation {@code what}, columns key,
     * source, kind, ticket_id, deadline_id, subject, owner): a message goes to its owner, or, with no owner,
     * to every active supervisor and administrator.
     */
    public static String tellCtes(String what, String at) {
        return """
                people AS (
                    SELECT x.key, x.owner AS staff_id FROM %1$s x WHERE x.owner IS NOT NULL
                    UNION ALL
                    SELECT x.key, s.id FROM %1$s x CROSS JOIN (%2$s) s WHERE x.owner IS NULL),
                """.formatted(what, NotificationRepository.SUPERVISORS) + deliverCtes(what, "people", at);
    }

    /**
     * A stored row the service could not take in (a date out of its range, written before the API
     * refused such dates): told once per source to every active administrator, and to the log.
     * $1 the instant, $2 the source (the table and the row's id), $3 the subject; answers how many
     * people were told now (0 when told before).
     */
    public static final String SKIPPED_ROW = """
            WITH what AS (
                SELECT 1 AS key, CAST($2 AS text) AS source, 'DATA_SKIPPED' AS kind, CAST(NULL AS bigint) AS ticket_id,
                       CAST(NULL AS bigint) AS deadline_id, CAST($3 AS text) AS subject),
            admins AS (
                SELECT DISTINCT 1 AS key, s.id AS staff_id FROM staff s JOIN staff_role r ON r.staff_id = s.id
                 WHERE s.active AND r.role = 'admin'),
            """ + deliverCtes("what", "admins", "$1") + """
            SELECT count(*) FROM web""";

    /**
     * A work-instruction notice, told to whoever receives it: the station's manager and its station staff, or
     * the regional manager it was sent to; with nobody active there, the supervisors, so it never goes nowhere.
     * The messages carry the notice, so acknowledging one by its link acknowledges the notice. $1 the instant,
     * $2 the notice, $3 the ticket, $4 the subject, $5 the station (or null), $6 the person (or null).
     */
    static final String NOTICE_ISSUED = """
            WITH addressees AS (
                -- the notice ($2) names its station ($5) or regional manager ($6); its addressees follow from it
                SELECT s.id FROM notice_addressees(CAST($2 AS bigint)) a JOIN staff s ON s.id = a.staff_id AND s.active
                 WHERE CAST($5 AS bigint) IS NOT NULL OR CAST($6 AS bigint) IS NOT NULL),
            whom AS (
                SELECT id AS staff_id FROM addressees
                UNION
                SELECT id FROM (""" + NotificationRepository.SUPERVISORS + """
                ) v WHERE NOT EXISTS (SELECT 1 FROM addressees)),
            web AS (
                INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, notice_id,
                                          subject, state, delivered_at)
                SELECT CAST($1 AS timestamptz), 'notice:' || CAST($2 AS bigint), 'DISPATCH_NOTICE', 'WEB', w.staff_id,
                       CAST($3 AS bigint), CAST($2 AS bigint), CAST($4 AS text), 'DELIVERED', CAST($1 AS timestamptz)
                  FROM whom w
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT count(*) FROM web""";

    /** The LOG notifications not yet written to the service log, taken once cluster-wide; $1 the instant. */
    public static final String TAKE_LOG = """
            UPDATE notification SET state = 'DELIVERED', delivered_at = $1
             WHERE id IN (SELECT id FROM notification WHERE state = 'PENDING' AND channel = 'LOG'
                           ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)
            RETURNING kind, subject, ticket_id""";

    /**
     * One message to every active supervisor and administrator, once per source; $1 the instant, $2 the source,
     * $3 the kind, $4 the subject. Answers how many were told now.
     */
    static final String TELL_SUPERVISORS = """
            WITH what AS (
                SELECT 1 AS key, CAST($2 AS text) AS source, CAST($3 AS text) AS kind, CAST(NULL AS bigint) AS ticket_id,
                       CAST(NULL AS bigint) AS deadline_id, CAST($4 AS text) AS subject, CAST(NULL AS bigint) AS owner),
            """ + tellCtes("what", "CAST($1 AS timestamptz)") + """
            SELECT count(*) FROM web""";

    /**
     * Plans the inbox messages not yet planned: each gets one row per further channel of its kind ($2 kinds and
     * $3 channels, pairwise), or for a notice to a station that chose its channels those ($5 the channels
     * available), addressed to the person's mobile or e-mail as on record now; a channel without an address
     * is left out while another reaches the person, and a person reachable by none gets one FAILED row. $1 the instant, $4 how many messages at most.
     */
    static final String PLAN = """
            WITH todo AS (
                SELECT id FROM notification WHERE NOT planned ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED),
            done AS (
                UPDATE notification n SET planned = true FROM todo WHERE n.id = todo.id
                RETURNING n.source, n.kind, n.channel, n.recipient_staff_id, n.ticket_id, n.deadline_id, n.notice_id,
                          n.subject),
            plan AS (SELECT * FROM unnest($2::text[], $3::text[]) AS p(kind, channel)),
            preferred AS (
                -- a station's own choice of channels for its notices, among those this service has ($5)
                -- (none of them set up here: the plan, so the notice still goes beyond the inbox)
                SELECT d.source, d.recipient_staff_id, st.preferred_channels AS channels
                  FROM done d
                  JOIN dispatch_notice dn ON dn.id = d.notice_id
                  JOIN station st ON st.id = dn.station_id AND st.preferred_channels && $5::text[]
                 WHERE d.kind = 'DISPATCH_NOTICE' AND d.channel = 'WEB'
                   AND d.recipient_staff_id IN (SELECT a.staff_id FROM notice_addressees(dn.id) a)),
            route AS (
                SELECT DISTINCT d.source, d.recipient_staff_id, p.channel FROM done d JOIN plan p ON p.kind = d.kind
                 WHERE d.channel = 'WEB' AND NOT EXISTS (SELECT 1 FROM preferred x WHERE x.source = d.source
                                      AND x.recipient_staff_id = d.recipient_staff_id)
                UNION ALL
                SELECT x.source, x.recipient_staff_id, c.channel
                  FROM preferred x CROSS JOIN LATERAL unnest(x.channels) AS c(channel)
                 WHERE c.channel = ANY($5::text[])),
            addressed AS (
                SELECT d.*, p.channel AS out_channel, a.address,
                       bool_or(a.address IS NOT NULL) OVER (PARTITION BY d.source, d.recipient_staff_id) AS reachable,
                       row_number() OVER (PARTITION BY d.source, d.recipient_staff_id ORDER BY p.channel) AS nth
                  FROM done d
                  JOIN route p ON p.source = d.source AND p.recipient_staff_id = d.recipient_staff_id
                  JOIN staff s ON s.id = d.recipient_staff_id AND s.active
                  CROSS JOIN LATERAL (SELECT CASE WHEN p.channel = 'EMAIL' THEN s.email ELSE s.mobile END AS address) a
                 WHERE d.channel = 'WEB'),
            made AS (
                -- a channel the person has no address for is left out while another one reaches them; with none
                -- at all, one row records the failure, and the supervisors hear of it
                INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id, deadline_id,
                                          notice_id, subject, state, planned, address, next_attempt_at, last_error)
                SELECT $1, x.source, x.kind, x.out_channel, x.recipient_staff_id, x.ticket_id, x.deadline_id, x.notice_id,
                       x.subject, CASE WHEN x.address IS NULL THEN 'FAILED' ELSE 'QUEUED' END, true, x.address, $1,
                       CASE WHEN x.address IS NOT NULL THEN NULL
                            ELSE 'no mobile number or e-mail address on record for ' || x.kind END
                  FROM addressed x
                 WHERE x.address IS NOT NULL OR (NOT x.reachable AND x.nth = 1)
                 ORDER BY x.recipient_staff_id, x.out_channel
                ON CONFLICT DO NOTHING
                RETURNING id, state)
            SELECT (SELECT count(*) FROM done) AS planned, (SELECT count(*) FROM made) AS made""";

    private final NotificationRepository notifications;
    private final Pool pool;

    public NotificationService(NotificationRepository notifications, Pool pool) {
        this.notifications = notifications;
        this.pool = pool;
    }

    /**
     * Plans up to {@code limit} messages; answers how many were planned. Rows that failed at once (no address)
     * are told to the supervisors by {@link Outbox#raiseFailures}, as every failure is.
     */
    public Uni<Long> planChannels(Instant now, String[][] kindsAndChannels, int limit, String[] available) {
        return pool.preparedQuery(PLAN).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), kindsAndChannels[0], kindsAndChannels[1], limit,
                        available))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A major incident told in the transaction of the Hibernate session at hand (a ticket changed by hand). */
    public Uni<Told> majorIncident(Long ticketId, String number, Instant now) {
        return notifications.alertMajorIncident(ticketId, number, now)
                .map(r -> new Told(((Number) r[0]).longValue(), ((Number) r[1]).longValue() > 0, CHANNELS));
    }

    /** A major incident told in the transaction of {@code c} (a ticket opened). */
    public Uni<Told> majorIncident(SqlConnection c, Long ticketId, String number, Instant now) {
        return c.preparedQuery(MAJOR_INCIDENT).execute(Tuple.of(now.atOffset(ZoneOffset.UTC),
                        majorIncidentSource(ticketId, now), ticketId, majorIncidentSubject(number)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Told(r.getLong("told"), r.getLong("leaders") > 0, CHANNELS);
                });
    }

    /** A dispatch notice told to its addressees in the transaction of the Hibernate session at hand. */
    public Uni<Long> noticeIssued(Long noticeId, Long ticketId, String subject, Long stationId, Long staffId,
            Instant now) {
        return notifications.noticeIssued(noticeId, ticketId, subject.length() <= 500 ? subject
                : subject.substring(0, 499) + "…", stationId, staffId, now);
    }

    /**
     * Tells the supervisors and administrators (their inboxes, then the channels configured for the kind) in the
     * transaction of {@code c}; a source told before is not told again. Answers how many were told now.
     */
    public Uni<Long> tellSupervisors(SqlClient c, String source, String kind, String subject, Instant now) {
        return c.preparedQuery(TELL_SUPERVISORS).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), source, kind,
                        subject.length() <= 500 ? subject : subject.substring(0, 499) + "…"))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static String majorIncidentSource(Long ticketId, Instant now) {
        return "major:" + ticketId + ":" + now.toEpochMilli();
    }

    static String majorIncidentSubject(String number) {
        return "MAJOR INCIDENT " + number + ": the leaders are to be told at once";
    }
}

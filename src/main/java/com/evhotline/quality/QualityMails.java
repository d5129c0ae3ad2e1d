package com.evhotline.quality;

import com.evhotline.notification.NotificationService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quality department's mail outbox: one row per message and address, handed to one sender at a time for a
 * lease, each failure retried later, and a message that fails for good told to the supervisors once.
 */
@ApplicationScoped
public class QualityMails {

    /** A message to send; {@code reportDate} set: the report's PDF and CSV go with it. */
    record Mail(long id, String address, String subject, String body, LocalDate reportDate, int attempts) {
    }

    /** Messages due, each held until $2; $1 the instant, $3 how many. */
    static final String CLAIM = """
            UPDATE quality_mail m SET lease_until = $2, attempts = m.attempts + 1
             WHERE m.id IN (SELECT id FROM quality_mail
                             WHERE state = 'QUEUED' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                             ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING m.id, m.address, m.subject, m.body, m.report_date, m.attempts""";

    /** Sent: $1 the instant, $2 the message, $3 the attempt it was (a late answer after a new lease changes nothing). */
    static final String SENT = """
            UPDATE quality_mail SET state = 'SENT', sent_at = $1, lease_until = NULL, last_error = NULL
             WHERE id = $2 AND attempts = $3 AND state = 'QUEUED'""";

    /** Not sent: $1 the message, $2 the attempt, $3 why, $4 when to try again, $5 the attempts allowed. */
    static final String FAILED = """
            UPDATE quality_mail SET state = CASE WHEN attempts >= $5 THEN 'FAILED' ELSE 'QUEUED' END,
                                    next_attempt_at = $4, lease_until = NULL, last_error = $3
             WHERE id = $1 AND attempts = $2 AND state = 'QUEUED'
            RETURNING state""";

    /** Messages failed for good and not yet told of, taken once across instances. */
    static final String TAKE_FAILED = """
            UPDATE quality_mail SET raised = true
             WHERE id IN (SELECT id FROM quality_mail WHERE state = 'FAILED' AND NOT raised
                           ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
            RETURNING id, address, subject, attempts, last_error""";

    private final Pool pool;
    private final NotificationService notifications;

    public QualityMails(Pool pool, NotificationService notifications) {
        this.pool = pool;
        this.notifications = notifications;
    }

    Uni<List<Mail>> claim(Instant now, Instant leaseUntil, int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(leaseUntil), limit)).map(rows -> {
            List<Mail> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Mail(r.getLong("id"), r.getString("address"), r.getString("subject"), r.getString("body"),
                        r.getLocalDate("report_date"), r.getInteger("attempts")));
            }
            return out;
        });
    }

    Uni<Void> sent(Instant now, Mail m) {
        return pool.preparedQuery(SENT).execute(Tuple.of(utc(now), m.id(), m.attempts())).replaceWithVoid();
    }

    /** Records a failed try; answers true when the message has now failed for good. */
    Uni<Boolean> failed(Mail m, String why, Instant retryAt, int attemptsAllowed) {
        String reason = why.length() <= 500 ? why : why.substring(0, 500);
        return pool.preparedQuery(FAILED).execute(Tuple.from(Arrays.asList(m.id(), m.attempts(), reason, utc(retryAt),
                        attemptsAllowed)))
                .map(rows -> rows.size() > 0 && "FAILED".equals(rows.iterator().next().getString(0)));
    }

    /**
     * Tells the supervisors of each message that failed for good, in the transaction that marks it told: a crash
     * in between tells them on the next round. Answers how many messages were told of.
     */
    Uni<Integer> raiseFailures(Instant now) {
        return pool.withTransaction(c -> c.query(TAKE_FAILED).execute().chain(rows -> {
            Uni<Integer> told = Uni.createFrom().item(0);
            for (Row r : rows) {
                String subject = "QUALITY E-MAIL NOT SENT to " + r.getString("address") + " after "
                        + r.getInteger("attempts") + " tries: " + r.getString("last_error") + " | "
                        + r.getString("subject");
                told = told.chain(n -> tell(c, r.getLong("id"), subject, now).replaceWith(n + 1));
            }
            return told;
        }));
    }

    private Uni<Long> tell(SqlConnection c, long id, String subject, Instant now) {
        return notifications.tellSupervisors(c, "quality-mail:" + id, "DELIVERY_FAILED", subject, now);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}

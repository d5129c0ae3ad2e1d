package com.evhotline.notification;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The outbox: people's inboxes, and the alerts written with the events that cause them. */
@ApplicationScoped
@WithSession
public class NotificationRepository implements PanacheRepository<Notification> {

    /**
     * The ids of the active supervisors and administrators, as a subquery: who is told when there is
     * nobody more specific to tell.
     */
    public static final String SUPERVISORS = "SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id"
            + " WHERE s.active AND r.role IN ('supervisor', 'admin')";

    public Uni<List<Notification>> inboxOf(Long staffId, boolean unreadOnly) {
        return list("recipientStaffId = ?1 and channel = 'WEB'" + (unreadOnly ? " and readAt is null" : "")
                + " order by id desc", staffId);
    }

    /**
     * Tells the leaders of a major incident at once, on every channel that exists (the web inbox and
     * the log; SMS, e-mail and voice join with the dispatch issue). With no leader on record the
     * supervisors and administrators are told instead, so the alert never goes nowhere. Answers how
     * many people were told.
     */
    public Uni<Long> alertMajorIncident(Long ticketId, String number, Instant now) {
        String source = "major:" + ticketId + ":" + now.toEpochMilli();
        String subject = "MAJOR INCIDENT " + number + ": the leaders are to be told at once";
        return getSession().chain(s -> s.createNativeQuery("""
                        WITH leaders AS (
                            SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id
                             WHERE s.active AND r.role = 'leader'
                        ),
                        people AS (
                            SELECT id FROM leaders
                            UNION
                            SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id
                             WHERE s.active AND r.role IN ('supervisor', 'admin') AND NOT EXISTS (SELECT 1 FROM leaders)
                        ),
                        web AS (
                            INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id,
                                                      subject, state, delivered_at)
                            SELECT ?1, ?2, 'MAJOR_INCIDENT', 'WEB', p.id, ?3, ?4, 'DELIVERED', ?1 FROM people p
                            ON CONFLICT DO NOTHING
                            RETURNING 1
                        ),
                        log AS (
                            INSERT INTO notification (created_at, source, kind, channel, recipient_staff_id, ticket_id,
                                                      subject, state)
                            VALUES (?1, ?2, 'MAJOR_INCIDENT', 'LOG', NULL, ?3, ?4, 'PENDING')
                            ON CONFLICT DO NOTHING
                        )
                        SELECT count(*) FROM web""", Long.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .setParameter(2, source)
                .setParameter(3, ticketId)
                .setParameter(4, subject)
                .getSingleResult());
    }

    public Uni<Long> countLeaders() {
        return getSession().chain(s -> s.createNativeQuery("""
                        SELECT count(DISTINCT s.id) FROM staff s JOIN staff_role r ON r.staff_id = s.id
                         WHERE s.active AND r.role = 'leader'""", Long.class).getSingleResult());
    }
}

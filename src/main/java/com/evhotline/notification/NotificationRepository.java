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

    private static final String NOTICE_ISSUED = NotificationService.NOTICE_ISSUED.replaceAll("\\$(\\d+)", "?$1");

    Uni<Long> noticeIssued(Long noticeId, Long ticketId, String subject, Long stationId, Long staffId, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(NOTICE_ISSUED, Long.class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .setParameter(2, noticeId)
                .setParameter(3, ticketId)
                .setParameter(4, subject)
                .setParameter(5, stationId)
                .setParameter(6, staffId)
                .getSingleResult());
    }

    /** {@link NotificationService#MAJOR_INCIDENT} with Hibernate's parameter marks. */
    private static final String MAJOR_INCIDENT = NotificationService.MAJOR_INCIDENT.replaceAll("\\$(\\d+)", "?$1");

    /** Runs {@link NotificationService#MAJOR_INCIDENT} in the session's transaction. */
    Uni<Object[]> alertMajorIncident(Long ticketId, String number, Instant now) {
        return getSession().chain(s -> s.createNativeQuery(MAJOR_INCIDENT, Object[].class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .setParameter(2, NotificationService.majorIncidentSource(ticketId, now))
                .setParameter(3, ticketId)
                .setParameter(4, NotificationService.majorIncidentSubject(number))
                .getSingleResult());
    }

}

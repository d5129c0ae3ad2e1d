package com.evhotline.notification;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Tells people: the one way alerts enter the outbox from the service's code. */
@ApplicationScoped
public class NotificationService {

    /** Who a major-incident alert reached: how many people, and whether they were leaders (else supervisors). */
    public record Told(long people, boolean leaders, List<String> channels) {
    }

    private final NotificationRepository notifications;

    public NotificationService(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    /**
     * Tells the leaders of a major incident at once, in the caller's transaction; with no leader on record
     * the supervisors and administrators instead, so the alert never goes nowhere.
     */
    public Uni<Told> majorIncident(Long ticketId, String number, Instant now) {
        return notifications.countLeaders().chain(leaders -> notifications.alertMajorIncident(ticketId, number, now)
                .map(told -> new Told(told, leaders > 0, List.of("WEB", "LOG"))));
    }
}

package com.evhotline.ticket.service;

import com.evhotline.notification.NotificationService;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.repository.TicketEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/** A ticket that is (or becomes) a major incident: its leaders are told, and its history says who was. */
@ApplicationScoped
public class MajorIncidents {

    private final NotificationService notifications;
    private final TicketEventRepository events;

    public MajorIncidents(NotificationService notifications, TicketEventRepository events) {
        this.notifications = notifications;
        this.events = events;
    }

    /** In the Hibernate session's transaction (a ticket raised to a major incident by hand). */
    public Uni<Void> alert(Ticket t, String actor, Instant now) {
        return notifications.majorIncident(t.id, t.number, now)
                .chain(told -> events.append(t.id, now, actor, eventType(told), eventDetail(told)))
                .replaceWithVoid();
    }

    /** The history event that says who was told. */
    static String eventType(NotificationService.Told told) {
        return told.leaders() ? "LEADERS_NOTIFIED" : "NO_LEADER_ON_RECORD";
    }

    static Map<String, Object> eventDetail(NotificationService.Told told) {
        return Map.of("told", told.people(), "channels", told.channels());
    }
}

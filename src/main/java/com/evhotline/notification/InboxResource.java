package com.evhotline.notification;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** The signed-in person's web inbox: deadline warnings, breaches, escalations, major incidents. */
@Path("/api/inbox")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class InboxResource {

    /** One message as the inbox shows it. */
    public record Message(Long id, String kind, Long ticketId, String subject, OffsetDateTime at, OffsetDateTime readAt) {
    }

    private final NotificationRepository notifications;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final ZoneId zone;

    public InboxResource(NotificationRepository notifications, SecurityIdentity identity, Clock clock, ZoneId zone) {
        this.notifications = notifications;
        this.identity = identity;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<List<Message>> inbox(@QueryParam("unread") boolean unread) {
        return notifications.inboxOf(CurrentUser.of(identity).staffId(), unread)
                .map(all -> all.stream().map(this::message).toList());
    }

    @POST
    @Path("{id}/read")
    @WithTransaction
    public Uni<Message> read(@PathParam("id") long id) {
        Long me = CurrentUser.of(identity).staffId();
        return notifications.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("message", id))
                .invoke(n -> {
                    if (!"WEB".equals(n.channel) || !n.recipientStaffId.equals(me)) {
                        throw Problem.notFound("message", id);
                    }
                    if (n.readAt == null) {
                        n.readAt = clock.instant();
                        n.state = "READ";
                    }
                })
                .map(this::message);
    }

    private Message message(Notification n) {
        return new Message(n.id, n.kind, n.ticketId, n.subject, WireTime.show(n.createdAt, zone), WireTime.show(n.readAt, zone));
    }
}

package com.evhotline.notification;

import com.evhotline.common.QueryParams;
import com.evhotline.common.WireTime;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
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

    private final InboxService inbox;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public InboxResource(InboxService inbox, SecurityIdentity identity, ZoneId zone) {
        this.inbox = inbox;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<List<Message>> inbox(@QueryParam("unread") String unreadParam) {
        return inbox.inboxOf(CurrentUser.of(identity).staffId(), Boolean.TRUE.equals(QueryParams.boolParam("unread", unreadParam)))
                .map(all -> all.stream().map(this::message).toList());
    }

    @POST
    @Path("{id}/read")
    public Uni<Message> read(@PathParam("id") long id) {
        return inbox.read(id, CurrentUser.of(identity).staffId()).map(this::message);
    }

    private Message message(Notification n) {
        return new Message(n.id, n.kind, n.ticketId, n.subject, WireTime.show(n.createdAt, zone), WireTime.show(n.readAt, zone));
    }
}

package com.evhotline.notification;

import com.evhotline.common.Problem;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * {@code GET /api/notifications?ticketId=}: every message about a ticket, on every channel, with its attempts
 * and acknowledgement. A station manager or regional manager sees the messages sent to them only.
 */
@Path("/api/notifications")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class NotificationResource {

    private final Deliveries deliveries;
    private final SecurityIdentity identity;

    public NotificationResource(Deliveries deliveries, SecurityIdentity identity) {
        this.deliveries = deliveries;
        this.identity = identity;
    }

    @GET
    public Uni<List<Deliveries.Delivery>> ofTicket(@QueryParam("ticketId") String ticketId) {
        if (ticketId == null || !ticketId.matches("[1-9][0-9]{0,17}")) {
            throw Problem.invalid("ticketId: required, the id of a ticket (a positive whole number), got '" + ticketId
                    + "'");
        }
        CurrentUser user = CurrentUser.of(identity);
        return deliveries.ofTicket(Long.parseLong(ticketId), user.seesEverything() ? null : user.staffId());
    }
}

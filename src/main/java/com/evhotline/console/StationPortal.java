package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.dispatch.service.NoticeService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.ZoneId;

/** The station portal, made for a phone: the notices sent to the station (or region), and acknowledging one. */
@Path("/station")
@RolesAllowed({Roles.STATION, Roles.REGIONAL, Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class StationPortal {

    /** A notice as the portal lists it. */
    public record NoticeRow(long id, long ticketId, String instruction, String state, String issued, boolean open) {
    }

    private final Template portal;
    private final NoticeService notices;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public StationPortal(@Location("console/station.html") Template portal, NoticeService notices,
            SecurityIdentity identity, ZoneId zone) {
        this.portal = portal;
        this.notices = notices;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> notices(@Context HttpHeaders headers) {
        return page(null, headers);
    }

    /** The notices; {@code error} says why the last press was refused. */
    private Uni<TemplateInstance> page(String error, HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        return notices.visibleTo(user, null).map(list -> PageLocale.in(portal
                .data("user", user.username())
                .data("error", error)
                .data("notices", list.stream().map(n -> new NoticeRow(n.id, n.ticketId, n.instruction, n.state.name(),
                        Shown.at(WireTime.show(n.issuedAt, zone)),
                        n.state == com.evhotline.dispatch.DispatchNotice.State.ISSUED)).toList()), headers));
    }

    /** The acknowledge button: one press, then back to the list (the list again with the reason, if refused). */
    @POST
    @Path("notices/{id}/ack")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> acknowledge(@PathParam("id") long id, @Context HttpHeaders headers) {
        return notices.acknowledge(id, CurrentUser.of(identity))
                .map(n -> Response.seeOther(URI.create("/station")).build())
                .onFailure(Problem.class).recoverWithUni(e -> ((Problem) e).status() == 403
                        ? Uni.createFrom().item(Response.status(403).type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build())
                        : page(e.getMessage(), headers).map(p -> Response.status(((Problem) e).status())
                                .type(MediaType.TEXT_HTML_TYPE).entity(p).build()));
    }
}

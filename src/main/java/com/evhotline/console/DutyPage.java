package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.delivery.Acknowledgements;
import com.evhotline.notification.InboxService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.station.StationService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The page of the person on duty, made for a phone at night: the alerts sent to them (acknowledged in one tap),
 * the tickets of the calls forwarded to their mobile and the tickets they own, each with its countdown, a reply
 * and a dispatch in two taps (open, send).
 */
@Path("/duty")
@RolesAllowed({Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class DutyPage {

    /** How far back the page looks for forwarded calls and alerts. */
    static final Duration LOOK_BACK = Duration.ofDays(3);

    public record TicketRow(long id, String number, String status, String category, String caller, String dueKind,
            Long dueMillis, String called) {
    }

    public record AlertRow(long id, String kind, String subject, Long ticketId, String at, boolean open) {
    }

    private final Template page;
    private final DutyQueries queries;
    private final InboxService inbox;
    private final Acknowledgements acknowledgements;
    private final StationService stations;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final ZoneId zone;

    public DutyPage(@Location("console/duty.html") Template page, DutyQueries queries, InboxService inbox,
            Acknowledgements acknowledgements, StationService stations, SecurityIdentity identity, Clock clock, ZoneId zone) {
        this.page = page;
        this.queries = queries;
        this.inbox = inbox;
        this.acknowledgements = acknowledgements;
        this.stations = stations;
        this.identity = identity;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> show(@Context HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        Instant since = clock.instant().minus(LOOK_BACK);
        long me = user.staffId() == null ? -1 : user.staffId();
        return queries.alerts(me, since).chain(alerts -> queries.tickets(me, since).chain(tickets -> stations.list()
                .map(all -> PageLocale.in(page
                        .data("user", user.username())
                        .data("alerts", alerts.stream().map(a -> new AlertRow(a.id(), a.kind(), a.subject(), a.ticketId(),
                                at(a.at()), a.acknowledgedAt() == null)).toList())
                        .data("tickets", tickets.stream().map(t -> new TicketRow(t.id(), t.number(), t.status(),
                                t.category(), t.callerNumber(), t.dueKind(),
                                t.dueAt() == null ? null : t.dueAt().toEpochMilli(), at(t.calledAt()))).toList())
                        .data("bands", java.util.Arrays.stream(com.evhotline.deadline.DistanceBand.values()).map(Enum::name).toList())
                        .data("stations", all.stream().filter(s -> s.active)
                                .map(s -> new TicketPage.StationOption(s.id, s.code + " " + s.name)).toList()), headers))));
    }

    /** One tap: the alert is acknowledged (its SMS and voice follow-ups stop), and read. */
    @POST
    @Path("alerts/{id}/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> acknowledge(@PathParam("id") long id) {
        CurrentUser user = CurrentUser.of(identity);
        return inbox.read(id, user.staffId()) // someone else's message is as good as missing
                .chain(read -> acknowledgements.acknowledge(id, "page"))
                .map(x -> Response.seeOther(URI.create("/duty")).build())
                .onFailure(Problem.class).recoverWithItem(e -> Response.status(((Problem) e).status())
                        .type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build());
    }

    private String at(Instant i) {
        return i == null ? null : Shown.at(WireTime.show(i, zone));
    }
}

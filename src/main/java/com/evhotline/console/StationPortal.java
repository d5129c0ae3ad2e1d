package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.NoticeReport;
import com.evhotline.dispatch.service.NoticeService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.VehicleTrip;
import com.evhotline.ticket.service.TicketVehicleTrips;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The station portal, made for a phone: the notices sent to the station (or region), acknowledging one, reporting
 * what the crew did (on the way, arrived, fixed, needs parts) and the service vehicle register of the ticket.
 */
@Path("/station")
@RolesAllowed({Roles.STATION, Roles.REGIONAL, Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class StationPortal {

    /** The newest notices the portal shows; older ones are in the API. */
    static final int SHOWN = 50;

    /** A notice as the portal lists it, with what was reported and the vehicles sent. */
    public record NoticeRow(long id, long ticketId, String instruction, String state, String issued, boolean open,
            List<ReportRow> reports, List<TripRow> trips) {
    }

    public record ReportRow(String kind, String note, String by, String at) {
    }

    public record TripRow(long id, String plate, String crew, String departed, String arrived, String returned) {
    }

    private final Template portal;
    private final NoticeService notices;
    private final TicketVehicleTrips trips;
    private final SecurityIdentity identity;
    private final ZoneId zone;
    private final Clock clock;

    public StationPortal(@Location("console/station.html") Template portal, NoticeService notices, TicketVehicleTrips trips,
            SecurityIdentity identity, ZoneId zone, Clock clock) {
        this.portal = portal;
        this.notices = notices;
        this.trips = trips;
        this.identity = identity;
        this.zone = zone;
        this.clock = clock;
    }

    @GET
    public Uni<TemplateInstance> notices(@Context HttpHeaders headers) {
        return page(null, headers);
    }

    /** The notices; {@code error} says why the last press was refused. */
    private Uni<TemplateInstance> page(String error, HttpHeaders headers) {
        CurrentUser user = CurrentUser.of(identity);
        return notices.latestVisibleTo(user, SHOWN)
                .chain(shown -> notices.reportsOn(shown.stream().map(n -> n.id).toList())
                        .chain(reports -> tripsOf(shown, user).map(byTicket -> rows(shown, reports, byTicket))))
                .map(rows -> PageLocale.in(portal
                        .data("user", user.username())
                        .data("error", error)
                        .data("kinds", NoticeReport.Kind.values())
                        .data("now", Shown.local(WireTime.show(clock.instant(), zone)))
                        .data("notices", rows), headers));
    }

    /** The vehicles of the shown notices' tickets, in one query. */
    private Uni<Map<Long, List<VehicleTrip>>> tripsOf(List<DispatchNotice> shown, CurrentUser user) {
        return trips.ofVisibleTickets(shown.stream().map(n -> n.ticketId).distinct().toList(), user)
                .map(all -> all.stream().collect(Collectors.groupingBy(t -> t.ticketId)));
    }

    private List<NoticeRow> rows(List<DispatchNotice> shown, List<NoticeReport> reports, Map<Long, List<VehicleTrip>> trips) {
        Map<Long, List<NoticeReport>> byNotice = reports.stream().collect(Collectors.groupingBy(r -> r.noticeId));
        List<NoticeRow> rows = new ArrayList<>();
        for (DispatchNotice n : shown) {
            rows.add(new NoticeRow(n.id, n.ticketId, n.instruction, n.state.name(), at(n.issuedAt),
                    n.state == DispatchNotice.State.ISSUED,
                    byNotice.getOrDefault(n.id, List.of()).stream().map(r -> new ReportRow(r.kind.name(), r.note,
                            r.reportedBy, at(r.reportedAt))).toList(),
                    trips.getOrDefault(n.ticketId, List.of()).stream().map(t -> new TripRow(t.id, t.plate,
                            String.join("、", t.crew == null ? new String[0] : t.crew), at(t.departedAt), at(t.arrivedAt),
                            at(t.returnedAt))).toList()));
        }
        return rows;
    }

    private String at(Instant i) {
        return i == null ? null : Shown.at(WireTime.show(i, zone));
    }

    /** The acknowledge button: one press, then back to the list (the list again with the reason, if refused). */
    @POST
    @Path("notices/{id}/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // a form, so its CSRF token is checked
    public Uni<Response> acknowledge(@PathParam("id") long id, @Context HttpHeaders headers) {
        return done(notices.acknowledge(id, CurrentUser.of(identity)), headers);
    }

    /** A progress report: what the crew did, with an optional note. */
    @POST
    @Path("notices/{id}/reports")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> report(@PathParam("id") long id, @FormParam("kind") String kind, @FormParam("note") String note,
            @Context HttpHeaders headers) {
        NoticeReport.Kind k;
        try {
            k = NoticeReport.Kind.valueOf(kind == null ? "" : kind);
        } catch (IllegalArgumentException e) {
            return refused(Problem.invalid("kind: one of " + Arrays.toString(NoticeReport.Kind.values())), headers);
        }
        CurrentUser user = CurrentUser.of(identity);
        return done(notices.report(id, k, note, user).call(r -> k == NoticeReport.Kind.ARRIVED
                ? arrivedWithTheVehicle(id, user) : Uni.createFrom().voidItem()), headers);
    }

    /**
     * "Arrived" said by the station is the arrival of its vehicle when exactly one of its vehicles is on the way for
     * the ticket: that arrival is what meets a rescue's ARRIVAL deadline. With none or several, the register says which.
     */
    private Uni<Void> arrivedWithTheVehicle(long noticeId, CurrentUser user) {
        return notices.one(noticeId, user).chain(n -> trips.of(n.ticketId, user).chain(list -> {
            List<VehicleTrip> onTheWay = list.stream().filter(t -> t.arrivedAt == null).toList();
            return onTheWay.size() != 1 ? Uni.createFrom().voidItem()
                    : trips.update(n.ticketId, onTheWay.get(0).id, clock.instant(), null, user).replaceWithVoid();
        }));
    }

    /** A service vehicle sent out for the ticket: plate, crew (separated by commas), when it left. */
    @POST
    @Path("tickets/{ticketId}/trips")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> vehicleOut(@PathParam("ticketId") long ticketId, @FormParam("plate") String plate,
            @FormParam("crew") String crew, @FormParam("departed") String departed, @Context HttpHeaders headers) {
        Instant left;
        try {
            left = departed == null || departed.isBlank() ? clock.instant()
                    : LocalDateTime.parse(departed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return refused(Problem.invalid("departed: a date and time such as 2026-12-04T09:30"), headers);
        }
        List<String> people = crew == null ? List.of() : Arrays.stream(crew.split("[,，、;；]")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        return done(trips.record(ticketId, new TicketVehicleTrips.Trip(null, plate, people, left, null, null),
                CurrentUser.of(identity)), headers);
    }

    /** The vehicle arrived at the customer, now. */
    @POST
    @Path("tickets/{ticketId}/trips/{tripId}/arrived")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> arrived(@PathParam("ticketId") long ticketId, @PathParam("tripId") long tripId,
            @Context HttpHeaders headers) {
        return done(trips.update(ticketId, tripId, clock.instant(), null, CurrentUser.of(identity)), headers);
    }

    /** The vehicle is back at the station, now. */
    @POST
    @Path("tickets/{ticketId}/trips/{tripId}/returned")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> returned(@PathParam("ticketId") long ticketId, @PathParam("tripId") long tripId,
            @Context HttpHeaders headers) {
        return done(trips.update(ticketId, tripId, null, clock.instant(), CurrentUser.of(identity)), headers);
    }

    /** Back to the list when it worked; the list again with the service's reason when it was refused. */
    private Uni<Response> done(Uni<?> action, HttpHeaders headers) {
        return action.map(x -> Response.seeOther(URI.create("/station")).build())
                .onFailure(Problem.class).recoverWithUni(e -> refused((Problem) e, headers));
    }

    private Uni<Response> refused(Problem e, HttpHeaders headers) {
        if (e.status() == 403) {
            return Uni.createFrom().item(Response.status(403).type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build());
        }
        return page(e.getMessage(), headers).map(p -> Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(p).build());
    }
}

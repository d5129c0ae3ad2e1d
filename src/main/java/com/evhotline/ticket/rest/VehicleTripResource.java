package com.evhotline.ticket.rest;

import com.evhotline.common.Problem;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.TicketView.TripView;
import com.evhotline.ticket.VehicleTrip;
import com.evhotline.ticket.service.TicketVehicleTrips;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** The service vehicle register of a ticket: each vehicle sent, with its crew, departure, arrival and return. */
@Path("/api/tickets/{id}/vehicle-trips")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class VehicleTripResource {

    private final TicketVehicleTrips trips;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public VehicleTripResource(TicketVehicleTrips trips, SecurityIdentity identity, ZoneId zone) {
        this.trips = trips;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<List<TripView>> list(@PathParam("id") long id) {
        return trips.of(id, user()).map(list -> list.stream().map(this::view).toList());
    }

    @GET
    @Path("{tripId}")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<TripView> one(@PathParam("id") long id, @PathParam("tripId") long tripId) {
        return trips.of(id, user()).map(list -> list.stream().filter(v -> v.id == tripId).findFirst()
                .map(this::view).orElseThrow(() -> Problem.notFound("vehicle trip of ticket " + id, tripId)));
    }

    @POST
    public Uni<Response> record(@PathParam("id") long id, @Valid @NotNull TicketRequests.VehicleTrip r) {
        return trips.record(id, new TicketVehicleTrips.Trip(r.stationId(), r.plate(), r.crew(), instant(r.departedAt()),
                        instant(r.arrivedAt()), instant(r.returnedAt())), user())
                .map(this::view)
                .map(v -> Response.created(URI.create("/api/tickets/" + id + "/vehicle-trips/" + v.id())).entity(v).build());
    }

    @PATCH
    @Path("{tripId}")
    public Uni<TripView> update(@PathParam("id") long id, @PathParam("tripId") long tripId,
            @Valid @NotNull TicketRequests.VehicleTripUpdate r) {
        return trips.update(id, tripId, instant(r.arrivedAt()), instant(r.returnedAt()), user()).map(this::view);
    }

    private TripView view(VehicleTrip v) {
        return TripView.of(v, zone);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}

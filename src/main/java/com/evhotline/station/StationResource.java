package com.evhotline.station;

import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Service stations: {@code POST /api/stations} and reading them back. */
@Path("/api/stations")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class StationResource {

    /** The body of {@code POST /api/stations}. */
    public record StationRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "1 to 32 of A-Z, a-z, 0-9, '_', '-'") String code,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 100) String region,
            @Size(max = 32) String phone,
            Long managerStaffId) {
    }

    /** A station as the API shows it. */
    public record StationView(Long id, String code, String name, String region, String phone, Long managerStaffId) {
        static StationView of(Station s) {
            return new StationView(s.id, s.code, s.name, s.region, s.phone, s.managerStaffId);
        }
    }

    private final StationService stations;

    public StationResource(StationService stations) {
        this.stations = stations;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull StationRequest r) {
        return stations.create(new StationService.NewStation(r.code(), r.name(), r.region(), r.phone(), r.managerStaffId()))
                .map(saved -> Response.created(URI.create("/api/stations/" + saved.id)).entity(StationView.of(saved)).build());
    }

    @GET
    public Uni<List<StationView>> list() {
        return stations.list().map(all -> all.stream().map(StationView::of).toList());
    }

    @GET
    @Path("{id}")
    public Uni<StationView> get(@PathParam("id") long id) {
        return stations.get(id).map(StationView::of);
    }
}

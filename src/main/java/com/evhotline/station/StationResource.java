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
import jakarta.ws.rs.PATCH;
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
            Long managerStaffId,
            @Size(max = 3) List<String> preferredChannels) {
    }

    /** The body of {@code PATCH /api/stations/{id}}: the fields to change. */
    public record StationPatch(
            @Size(max = 200) String name,
            @Size(max = 100) String region,
            @Size(max = 32) String phone,
            @Size(max = 500) String address,
            Long managerStaffId,
            Boolean active,
            @Size(max = 3) List<String> preferredChannels) {
    }

    /** A station as the API shows it. */
    public record StationView(Long id, String code, String name, String region, String phone, String address,
            Long managerStaffId, boolean active, List<String> preferredChannels) {
        static StationView of(Station s) {
            return new StationView(s.id, s.code, s.name, s.region, s.phone, s.address, s.managerStaffId, s.active,
                    s.preferredChannels == null ? List.of() : List.of(s.preferredChannels));
        }
    }

    private final StationService stations;
    private final StationImport imports;

    public StationResource(StationService stations, StationImport imports) {
        this.stations = stations;
        this.imports = imports;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull StationRequest r) {
        return stations.create(new StationService.NewStation(r.code(), r.name(), r.region(), r.phone(), r.managerStaffId(),
                r.preferredChannels()))
                .map(saved -> Response.created(URI.create("/api/stations/" + saved.id)).entity(StationView.of(saved)).build());
    }

    @GET
    public Uni<List<StationView>> list() {
        return stations.list().map(all -> all.stream().map(StationView::of).toList());
    }

    /** The body of {@code POST /api/stations/import}: the CSV file's text (a request is at most 64 KiB: split a longer file). */
    public record ImportRequest(@NotNull @Size(max = 65_536) String csv) {
    }

    /** Adds or changes stations from a CSV file; a file with any bad row imports nothing (400 with every error). */
    @POST
    @Path("import")
    @RolesAllowed(Roles.ADMIN)
    public Uni<StationImport.Imported> importCsv(@Valid @NotNull ImportRequest r) {
        return imports.importCsv(r.csv());
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<StationView> change(@PathParam("id") long id, @Valid @NotNull StationPatch r) {
        return stations.change(id, new StationService.StationChange(r.name(), r.region(), r.phone(), r.address(),
                r.managerStaffId(), r.active(), r.preferredChannels())).map(StationView::of);
    }

    @GET
    @Path("{id}")
    public Uni<StationView> get(@PathParam("id") long id) {
        return stations.get(id).map(StationView::of);
    }
}

package com.evhotline.station;

import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.security.Roles;
import com.evhotline.staff.repository.StaffRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import java.time.Clock;
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

    private final StationRepository stations;
    private final StaffRepository staff;
    private final PhoneNumbers phones;
    private final Clock clock;

    public StationResource(StationRepository stations, StaffRepository staff, PhoneNumbers phones, Clock clock) {
        this.stations = stations;
        this.staff = staff;
        this.phones = phones;
        this.clock = clock;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    public Uni<Response> create(@Valid @NotNull StationRequest r) {
        Station s = new Station();
        s.code = r.code();
        s.name = r.name().trim();
        s.region = r.region();
        s.phone = r.phone() == null || r.phone().isBlank() ? null : phones.normalise("phone", r.phone());
        s.managerStaffId = r.managerStaffId();
        s.createdAt = clock.instant();
        Uni<Void> manager = r.managerStaffId() == null ? Uni.createFrom().voidItem()
                : staff.findById(r.managerStaffId()).invoke(m -> {
                    if (m == null) {
                        throw Problem.invalid("managerStaffId: no staff member with id " + r.managerStaffId());
                    }
                }).replaceWithVoid();
        return manager.chain(() -> stations.byCode(r.code()))
                .invoke(existing -> {
                    if (existing != null) {
                        throw Problem.conflict("station code '" + r.code() + "' is taken by station " + existing.id);
                    }
                })
                .chain(() -> stations.persist(s))
                .map(saved -> Response.created(URI.create("/api/stations/" + saved.id)).entity(StationView.of(saved)).build());
    }

    @GET
    public Uni<List<StationView>> list() {
        return stations.list("order by code").map(all -> all.stream().map(StationView::of).toList());
    }

    @GET
    @Path("{id}")
    public Uni<StationView> get(@PathParam("id") long id) {
        return stations.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("station", id))
                .map(StationView::of);
    }
}

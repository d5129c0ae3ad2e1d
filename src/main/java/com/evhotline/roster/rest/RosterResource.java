package com.evhotline.roster.rest;

import com.evhotline.common.BusinessTime;
import com.evhotline.common.QueryParams;
import com.evhotline.common.WireTime;
import com.evhotline.roster.DutyShift;
import com.evhotline.roster.RosterService;
import com.evhotline.roster.Rotation;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** The duty roster: shifts in call order, and who is on duty at an instant. */
@Path("/api/roster")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class RosterResource {

    /** {@code POST /api/roster/shifts}. */
    public record ShiftRequest(@NotNull Long staffId, @NotNull @BusinessTime OffsetDateTime start, @NotNull @BusinessTime OffsetDateTime end,
            @NotNull @Min(1) @Max(20) Integer position, Boolean override, @Size(max = 200) String note) {
    }

    /** {@code POST /api/roster/rotations}: members take turns in the order given. */
    public record RotationRequest(@NotBlank @Size(max = 100) String name, @NotNull @Min(1) @Max(20) Integer position,
            @NotNull LocalTime handover, @Min(1) @Max(31) Integer periodDays, @NotNull @BusinessTime LocalDate startDate,
            @NotNull @Size(min = 1, max = 100) List<@NotNull Long> staffIds) {
    }

    /**
     * A shift as the API shows it; a cancelled one says when, by whom, why, and the end it had. One naming a
     * person who has left is flagged: it rings nobody until it is cancelled or replaced.
     */
    public record ShiftView(Long id, Long staffId, OffsetDateTime start, OffsetDateTime end, int position,
            boolean override, String note, OffsetDateTime cancelledAt, String cancelledBy, String cancelReason,
            OffsetDateTime plannedEnd, @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String flag) {
    }

    private final RosterService roster;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final ZoneId zone;

    public RosterResource(RosterService roster, SecurityIdentity identity, Clock clock, ZoneId zone) {
        this.roster = roster;
        this.identity = identity;
        this.clock = clock;
        this.zone = zone;
    }

    @POST
    @Path("shifts")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<Response> add(@Valid @NotNull ShiftRequest r) {
        var cmd = new RosterService.NewShift(r.staffId(), r.start().toInstant(), r.end().toInstant(), r.position(),
                Boolean.TRUE.equals(r.override()), r.note());
        return roster.add(cmd, CurrentUser.of(identity).username())
                .map(this::view)
                .map(v -> Response.created(URI.create("/api/roster/shifts/" + v.id())).entity(v).build());
    }

    /** {@code POST /api/roster/shifts/{id}/cancel} and {@code /rotations/{id}/end}: why. */
    public record CancelRequest(@NotBlank @Size(max = 200) String reason) {
    }

    @POST
    @Path("shifts/{id}/cancel")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<ShiftView> cancel(@jakarta.ws.rs.PathParam("id") long id, @Valid @NotNull CancelRequest r) {
        return roster.cancel(id, r.reason(), CurrentUser.of(identity).username()).map(this::view);
    }

    @GET
    @Path("shifts")
    public Uni<List<ShiftView>> shifts(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("includeCancelled") String includeCancelledParam) {
        Instant f = WireTime.parseOr("from", from, clock.instant());
        Instant t = WireTime.parseOr("to", to, f.plus(Duration.ofDays(7)));
        boolean includeCancelled = Boolean.TRUE.equals(QueryParams.boolParam("includeCancelled", includeCancelledParam));
        return roster.between(f, t, includeCancelled).chain(this::views);
    }

    @POST
    @Path("rotations")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<Response> addRotation(@Valid @NotNull RotationRequest r) {
        var cmd = new RosterService.NewRotation(r.name(), r.position(), r.handover(),
                r.periodDays() == null ? 1 : r.periodDays(), r.startDate(), r.staffIds());
        return roster.addRotation(cmd, CurrentUser.of(identity).username())
                .map(rotation -> Response.created(URI.create("/api/roster/rotations/" + rotation.id())).entity(rotation).build());
    }

    @GET
    @Path("shifts/{id}")
    public Uni<ShiftView> shift(@jakarta.ws.rs.PathParam("id") long id) {
        return roster.shift(id).chain(s -> views(List.of(s))).map(v -> v.get(0));
    }

    @POST
    @Path("rotations/{id}/end")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<Rotation> endRotation(@jakarta.ws.rs.PathParam("id") long id, @Valid @NotNull CancelRequest r) {
        return roster.endRotation(id, r.reason(), CurrentUser.of(identity).username());
    }

    @GET
    @Path("rotations/{id}")
    public Uni<Rotation> rotation(@jakarta.ws.rs.PathParam("id") long id) {
        return roster.rotation(id);
    }

    @GET
    @Path("rotations")
    public List<Rotation> rotations() {
        return roster.rotations();
    }

    @GET
    @Path("on-duty")
    public Uni<List<RosterService.OnDuty>> onDuty(@QueryParam("at") String at) {
        return roster.onDutyAnyTime(WireTime.parseOr("at", at, clock.instant()));
    }

    private Uni<List<ShiftView>> views(List<DutyShift> list) {
        return roster.leaversAmong(list.stream().map(s -> s.staffId).toList())
                .map(left -> list.stream().map(s -> view(s, left.contains(s.staffId) && s.cancelledAt == null
                        && s.endAt.isAfter(clock.instant()) // a past shift rings nobody anyway
                        ? "LEAVER: staff member " + s.staffId + " has left, so this shift rings nobody; cancel it or"
                                + " add one for someone else" : null)).toList());
    }

    private ShiftView view(DutyShift s) {
        return view(s, null);
    }

    private ShiftView view(DutyShift s, String flag) {
        return new ShiftView(s.id, s.staffId, WireTime.show(s.startAt, zone), WireTime.show(s.endAt, zone), s.position,
                s.override, s.note, s.cancelledAt == null ? null : WireTime.show(s.cancelledAt, zone), s.cancelledBy,
                s.cancelReason, s.plannedEndAt == null ? null : WireTime.show(s.plannedEndAt, zone), flag);
    }
}

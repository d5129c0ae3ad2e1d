package com.evhotline.staff.rest;

import com.evhotline.common.Problem;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.staff.service.Logins;
import com.evhotline.staff.service.StaffService;
import com.evhotline.staff.service.StaffService.NewStaff;
import com.evhotline.staff.service.StaffService.StaffView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * People of the service: {@code POST /api/staff} and reading them back. {@code device} is the person's phone as
 * the PBX names it ({@code PJSIP/1001}), which queue login puts into the agents' queue.
 */
@Path("/api/staff")
@RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR})
public class StaffResource {

    /** The body of {@code POST /api/staff}. */
    public record StaffRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 32) String mobile,
            @Email @Size(max = 254) String email,
            @NotNull @Size(min = 1, max = 7) List<String> roles,
            @Size(max = 100) String region,
            Long stationId,
            @Pattern(regexp = "[a-z0-9._-]{2,64}", message = "2 to 64 of a-z, 0-9, '.', '_', '-'") String username,
            @Size(max = 200) String password,
            @Size(max = 100) String device) {
    }

    /** The body of {@code PATCH /api/staff/{id}}: the fields to change. */
    public record StaffPatch(
            @Size(max = 200) String name,
            @Size(max = 32) String mobile,
            @Email @Size(max = 254) String email,
            @Size(min = 1, max = 7) List<String> roles,
            @Size(max = 100) String region,
            Long stationId,
            Boolean active,
            @Size(max = 100) String device) {
    }

    /** {@code PUT /api/staff/{id}/password}. */
    public record PasswordReset(@NotNull @Size(max = 200) String password) {
    }

    /** {@code PUT /api/staff/{id}/login}. */
    public record LoginSwitch(@NotNull Boolean enabled) {
    }

    private final StaffService service;
    private final Logins logins;
    private final SecurityIdentity identity;

    public StaffResource(StaffService service, Logins logins, SecurityIdentity identity) {
        this.service = service;
        this.logins = logins;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull StaffRequest r) {
        return service.create(new NewStaff(r.name(), r.mobile(), r.email(), r.roles(), r.region(), r.stationId(),
                        r.username(), r.password(), r.device()))
                .map(v -> Response.created(URI.create("/api/staff/" + v.id())).entity(v).build());
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<StaffView> change(@PathParam("id") long id, @Valid @NotNull StaffPatch r) {
        return service.change(id, new StaffService.StaffChange(r.name(), r.mobile(), r.email(), r.roles(), r.region(),
                r.stationId(), r.active(), r.device()));
    }

    @GET
    public Uni<List<StaffView>> list() {
        return service.list();
    }

    @GET
    @Path("{id}")
    public Uni<StaffView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @GET
    @Path("{id}/login")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Logins.LoginView> login(@PathParam("id") long id) {
        return logins.of(id);
    }

    @PUT
    @Path("{id}/password")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Logins.LoginView> resetPassword(@PathParam("id") long id, @Valid @NotNull PasswordReset r) {
        return logins.reset(id, r.password());
    }

    @PUT
    @Path("{id}/login")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Logins.LoginView> enableLogin(@PathParam("id") long id, @Valid @NotNull LoginSwitch r) {
        if (!r.enabled() && Long.valueOf(id).equals(CurrentUser.of(identity).staffId())) {
            throw Problem.conflict("you cannot disable your own login; another administrator can");
        }
        return logins.enable(id, r.enabled());
    }
}

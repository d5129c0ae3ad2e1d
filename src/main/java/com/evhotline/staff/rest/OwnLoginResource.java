package com.evhotline.staff.rest;

import com.evhotline.security.CurrentUser;
import com.evhotline.staff.service.Logins;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** One's own login: {@code PUT /api/me/password} (an administrator's control of others' is under {@code /api/staff/{id}}). */
@Path("/api/me")
public class OwnLoginResource {

    /** {@code PUT /api/me/password}. */
    public record PasswordChange(@NotNull @Size(max = 200) String currentPassword, @NotNull @Size(max = 200) String newPassword) {
    }

    private final Logins logins;
    private final SecurityIdentity identity;

    public OwnLoginResource(Logins logins, SecurityIdentity identity) {
        this.logins = logins;
        this.identity = identity;
    }

    @PUT
    @Path("password")
    @Authenticated
    public Uni<Response> changeOwn(@Valid @NotNull PasswordChange r, @Context HttpServerRequest request) {
        String from = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return logins.change(CurrentUser.of(identity).username(), r.currentPassword(), r.newPassword(), from)
                .map(done -> Response.noContent().build());
    }
}

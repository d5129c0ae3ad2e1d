package com.evhotline.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * {@code GET /api/security/blocked-addresses}: the addresses this instance turns away now after
 * repeated wrong passwords, until when, and how many times in a row; each login's own failures are
 * under {@code GET /api/staff/{id}/login}.
 */
@Path("/api/security/blocked-addresses")
@RolesAllowed(Roles.ADMIN)
public class BlockedAddressesResource {

    private final LoginGuard guard;

    public BlockedAddressesResource(LoginGuard guard) {
        this.guard = guard;
    }

    @GET
    public List<LoginGuard.Blocked> blocked() {
        return guard.blocked();
    }
}

package com.evhotline.console.admin;

import com.evhotline.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The way into the administration pages: the calendar, whose page leads to the others. */
@Path("/console/admin")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class AdminHome {

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/console/admin/calendar")).build();
    }
}

package com.evhotline.console;

import com.evhotline.call.service.CallQueryService;
import com.evhotline.call.service.Recordings;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.RestResponse;

/** A call's recording for the ticket page's player (the session's counterpart of {@code /api/calls/{id}/recording}). */
@Path("/console/calls/{id}/recording")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class CallRecordingPage {

    private final CallQueryService calls;
    private final Recordings recordings;

    public CallRecordingPage(CallQueryService calls, Recordings recordings) {
        this.calls = calls;
        this.recordings = recordings;
    }

    @GET
    public Uni<RestResponse<java.nio.file.Path>> recording(@PathParam("id") long id) {
        return calls.find(id).chain(recordings::of)
                .map(r -> RestResponse.ResponseBuilder.ok(r.file(), r.mediaType()).build());
    }
}

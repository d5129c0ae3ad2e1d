package com.evhotline.routing;

import com.evhotline.common.WireTime;
import com.evhotline.roster.RosterService;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The routing preview: what the FastAGI script would answer at an instant, without opening a ticket
 * ("18:05 on a public holiday: whose phone rings?").
 */
@Path("/api/routing")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class RoutingResource {

    /** The decision as the API shows it. */
    public record Preview(OffsetDateTime at, Routing.Route route, String queue, List<RosterService.OnDuty> forward,
            boolean officeHours, String shift, String reason) {
    }

    private final RoutingPreview routing;
    private final Clock clock;
    private final ZoneId zone;

    public RoutingResource(RoutingPreview routing, Clock clock, ZoneId zone) {
        this.routing = routing;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<Preview> preview(@QueryParam("at") String at) {
        Instant instant = WireTime.parseOr("at", at, clock.instant());
        return routing.at(instant).map(r -> new Preview(WireTime.show(r.at(), zone), r.route(), r.queue(), r.forward(),
                r.officeHours(), r.shift().name(), r.reason()));
    }
}

package com.evhotline.kpi;

import com.evhotline.common.WireTime;
import com.evhotline.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** Key figures against the specification's targets (more come with the KPI issue). */
@Path("/api/kpi")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class KpiResource {

    /**
     * Rule 6.1.4 item 8: major incidents 100% recorded and the leaders told at once. The rate counts incidents
     * that reached a leader's phone, not inbox rows; with the time from the ticket's opening to the first leader.
     * {@code leaderPeopleTold} and {@code leaderPeopleReached} count leaders, one per incident: told, and reached
     * (their SMS accepted by the gateway, their call answered, or their link or key press acknowledging).
     */
    public record MajorIncidentRate(OffsetDateTime from, OffsetDateTime to, long recorded, long leadersTold,
            long leadersReached, Double rate, double target, Double secondsToReachAverage,
            Double secondsToReachLongest, long leaderPeopleTold, long leaderPeopleReached) {
    }

    private final KpiRepository kpis;
    private final Clock clock;
    private final ZoneId zone;

    public KpiResource(KpiRepository kpis, Clock clock, ZoneId zone) {
        this.kpis = kpis;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    @Path("major-incidents")
    public Uni<MajorIncidentRate> majorIncidents(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = WireTime.parseOr("to", to, clock.instant());
        Instant start = WireTime.parseOr("from", from, end.minus(Duration.ofDays(30)));
        return kpis.majorIncidents(start, end).map(m -> new MajorIncidentRate(WireTime.show(start, zone),
                WireTime.show(end, zone), m.recorded(), m.leadersTold(), m.leadersReached(),
                m.recorded() == 0 ? null : (double) m.leadersReached() / m.recorded(), 1.0, m.secondsToReachAverage(),
                m.secondsToReachLongest(), m.leaderPeopleTold(), m.leaderPeopleReached()));
    }
}

package com.evhotline.kpi;

import com.evhotline.common.Problem;
import com.evhotline.common.QueryParams;
import com.evhotline.common.WireTime;
import com.evhotline.security.Roles;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** Key figures against the specification's targets, over any period, as JSON or CSV, each with its items. */
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

    /** The figures of [from, to), and of each bucket when grouped. */
    public record KpiView(OffsetDateTime from, OffsetDateTime to,
            @JsonInclude(JsonInclude.Include.NON_NULL) String groupBy, List<KpiFigure> figures,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<BucketView> buckets) {
    }

    public record BucketView(OffsetDateTime from, OffsetDateTime to, List<KpiFigure> figures) {
    }

    /**
     * An item a figure counts: {@code counted} is NUMERATOR (in both numerator and denominator), DENOMINATOR
     * (in the denominator only), LEFT_OUT (then {@code mark} says why) or COUNTED (a count's item);
     * {@code receivedAt} is when the call or ticket came in, the instant that puts it in its day.
     */
    public record ItemView(String item, long id, Long ticketId, String number, OffsetDateTime receivedAt, String what,
            String counted, String mark, String detail, Double days) {
    }

    public record ItemsView(String key, OffsetDateTime from, OffsetDateTime to, List<ItemView> items, long total,
            int page, int size) {
    }

    static final int MAX_PAGE_SIZE = 200;

    private final KpiRepository kpis;
    private final KpiService service;
    private final Clock clock;
    private final ZoneId zone;

    public KpiResource(KpiRepository kpis, KpiService service, Clock clock, ZoneId zone) {
        this.kpis = kpis;
        this.service = service;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<KpiView> figures(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        KpiPeriod period = KpiPeriod.parse(from, to, groupBy, clock, zone);
        return service.report(period).map(r -> new KpiView(WireTime.show(r.from(), zone), WireTime.show(r.to(), zone),
                period.groupBy() == null ? null : period.groupBy().name().toLowerCase(java.util.Locale.ROOT),
                r.figures(), period.groupBy() == null ? null : r.buckets().stream()
                        .map(b -> new BucketView(WireTime.show(b.from(), zone), WireTime.show(b.to(), zone), b.figures()))
                        .toList()));
    }

    @GET
    @Produces("text/csv;charset=UTF-8")
    public Uni<String> figuresCsv(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy) {
        KpiPeriod period = KpiPeriod.parse(from, to, groupBy, clock, zone);
        return service.report(period).map(r -> KpiCsv.write(r, zone));
    }

    @GET
    @Path("{key}/items")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ItemsView> items(@PathParam("key") String key, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") String page, @QueryParam("size") String size) {
        KpiCatalog.Definition d = KpiCatalog.find(key);
        if (d == null) {
            throw new Problem(404, "Not found", "no figure '" + key + "'; the figures are the keys of GET /api/kpi");
        }
        KpiPeriod period = KpiPeriod.parse(from, to, null, clock, zone);
        int s = QueryParams.intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        int p = QueryParams.intParam("page", page, 0, 0, Integer.MAX_VALUE / s);
        return service.items(key, period, p, s).map(found -> new ItemsView(key, WireTime.show(period.from(), zone),
                WireTime.show(period.to(), zone), found.items().stream().map(i -> view(d, i)).toList(), found.total(),
                p, s));
    }

    private ItemView view(KpiCatalog.Definition d, KpiQueries.Item i) {
        return new ItemView(i.item(), i.id(), i.ticketId(), i.number(), WireTime.show(i.at(), zone), i.what(),
                d.counted(i.mark()),
                i.mark(), i.detail(), d.kind() == KpiCatalog.Kind.AVERAGE ? i.amount() : null);
    }

    @GET
    @Path("major-incidents")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<MajorIncidentRate> majorIncidents(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = WireTime.parseOr("to", to, clock.instant());
        Instant start = WireTime.parseOr("from", from, end.minus(Duration.ofDays(30)));
        return kpis.majorIncidents(start, end).map(m -> new MajorIncidentRate(WireTime.show(start, zone),
                WireTime.show(end, zone), m.recorded(), m.leadersTold(), m.leadersReached(),
                m.recorded() == 0 ? null : (double) m.leadersReached() / m.recorded(), 1.0, m.secondsToReachAverage(),
                m.secondsToReachLongest(), m.leaderPeopleTold(), m.leaderPeopleReached()));
    }
}

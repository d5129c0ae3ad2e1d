package com.evhotline.dispatch.rest;

import com.evhotline.common.QueryParams;
import com.evhotline.dispatch.service.NoticeService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.ZoneId;
import java.util.List;

/** Work-instruction notices: a station manager sees and acknowledges its station's. */
@Path("/api/notices")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class NoticeResource {

    private final NoticeService notices;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public NoticeResource(NoticeService notices, SecurityIdentity identity, ZoneId zone) {
        this.notices = notices;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<List<NoticeView>> list(@QueryParam("ticketId") String ticketId) {
        return notices.visibleTo(CurrentUser.of(identity), QueryParams.idParam("ticketId", ticketId))
                .map(all -> all.stream().map(n -> NoticeView.of(n, zone)).toList());
    }

    @GET
    @Path("{id}")
    public Uni<NoticeView> one(@PathParam("id") long id) {
        return notices.one(id, CurrentUser.of(identity)).map(n -> NoticeView.of(n, zone));
    }

    @POST
    @Path("{id}/ack")
    @RolesAllowed({Roles.STATION, Roles.REGIONAL, Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<NoticeView> acknowledge(@PathParam("id") long id) {
        return notices.acknowledge(id, CurrentUser.of(identity)).map(n -> NoticeView.of(n, zone));
    }

    /** A progress report: {@code kind} ON_THE_WAY, ARRIVED, FIXED or NEEDS_PARTS, and an optional {@code note}. */
    public record ReportRequest(@jakarta.validation.constraints.NotNull com.evhotline.dispatch.NoticeReport.Kind kind,
            @jakarta.validation.constraints.Size(max = 2000) String note) {
    }

    /** A report as the API shows it. */
    public record ReportView(Long id, Long noticeId, com.evhotline.dispatch.NoticeReport.Kind kind, String note,
            String reportedBy, java.time.OffsetDateTime reportedAt) {
    }

    @GET
    @Path("{id}/reports")
    public Uni<List<ReportView>> reports(@PathParam("id") long id) {
        return notices.one(id, CurrentUser.of(identity))
                .chain(n -> notices.reportsOn(List.of(id)))
                .map(all -> all.stream().map(this::view).toList());
    }

    @POST
    @Path("{id}/reports")
    @RolesAllowed({Roles.STATION, Roles.REGIONAL, Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<jakarta.ws.rs.core.Response> report(@PathParam("id") long id,
            @jakarta.validation.Valid @jakarta.validation.constraints.NotNull ReportRequest r) {
        return notices.report(id, r.kind(), r.note(), CurrentUser.of(identity))
                .map(saved -> jakarta.ws.rs.core.Response.status(201).entity(view(saved)).build());
    }

    private ReportView view(com.evhotline.dispatch.NoticeReport r) {
        return new ReportView(r.id, r.noticeId, r.kind, r.note, r.reportedBy, com.evhotline.common.WireTime.show(r.reportedAt, zone));
    }
}

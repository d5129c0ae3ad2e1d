package com.evhotline.ticket.rest;

import com.evhotline.common.WireTime;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.Exemption;
import com.evhotline.dispatch.rest.NoticeView;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.TicketEvent;
import com.evhotline.ticket.TicketReply;
import com.evhotline.ticket.service.TicketService;
import com.evhotline.ticket.service.TicketWorkService;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** What is done on a ticket: replies, work-instruction notices, exemptions, and its history. */
@Path("/api/tickets/{id}")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.ADMIN})
public class TicketWorkResource {

    /** A recorded reply. */
    public record ReplyView(Long id, Long ticketId, TicketReply.Channel channel, String text, OffsetDateTime repliedAt,
            String repliedBy) {
    }

    /** A recorded exemption. */
    public record ExemptionView(Long id, Long ticketId, DeadlineKind kind, String reason, String createdBy,
            OffsetDateTime createdAt) {
    }

    /** One line of the ticket's history; detail is the JSON text of what changed. */
    public record EventView(Long id, OffsetDateTime at, String actor, String type, @JsonRawValue String detail) {
    }

    private final TicketWorkService work;
    private final TicketService tickets;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public TicketWorkResource(TicketWorkService work, TicketService tickets, SecurityIdentity identity, ZoneId zone) {
        this.work = work;
        this.tickets = tickets;
        this.identity = identity;
        this.zone = zone;
    }

    @POST
    @Path("replies")
    public Uni<Response> reply(@PathParam("id") long id, @Valid @NotNull TicketRequests.Reply r) {
        return work.reply(id, r.channel(), r.text(), user())
                .map(x -> new ReplyView(x.id, x.ticketId, x.channel, x.text, WireTime.show(x.repliedAt, zone), x.repliedBy))
                .map(v -> Response.created(URI.create("/api/tickets/" + id + "/replies/" + v.id())).entity(v).build());
    }

    @GET
    @Path("replies/{replyId}")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<ReplyView> reply(@PathParam("id") long id, @PathParam("replyId") long replyId) {
        return tickets.reply(id, replyId, user())
                .map(x -> new ReplyView(x.id, x.ticketId, x.channel, x.text, WireTime.show(x.repliedAt, zone), x.repliedBy));
    }

    @GET
    @Path("exemptions/{exemptionId}")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<ExemptionView> exemption(@PathParam("id") long id, @PathParam("exemptionId") long exemptionId) {
        return tickets.exemption(id, exemptionId, user()).map(this::view);
    }

    @POST
    @Path("dispatches")
    public Uni<Response> dispatch(@PathParam("id") long id, @Valid @NotNull TicketRequests.Dispatch r) {
        return work.dispatch(id, r.stationId(), r.staffId(), r.instruction(), r.distanceBand(), user())
                .map(n -> NoticeView.of(n, zone))
                .map(v -> Response.created(URI.create("/api/notices/" + v.id())).entity(v).build());
    }

    @POST
    @Path("exemptions")
    @RolesAllowed({Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
    public Uni<Response> exempt(@PathParam("id") long id, @Valid @NotNull TicketRequests.Exempt r) {
        return work.exempt(id, r.kind(), r.noticeId(), r.reason(), user())
                .map(this::view)
                .map(v -> Response.created(URI.create("/api/tickets/" + id + "/exemptions/" + v.id())).entity(v).build());
    }

    @POST
    @Path("exemptions/{exemptionId}/revoke")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<ExemptionView> revoke(@PathParam("id") long id, @PathParam("exemptionId") long exemptionId,
            @Valid @NotNull TicketRequests.Revoke r) {
        return work.revokeExemption(id, exemptionId, r.reason(), user()).map(this::view);
    }

    @GET
    @Path("events")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<List<EventView>> history(@PathParam("id") long id) {
        return tickets.history(id, user())
                .map(list -> list.stream().map(this::view).toList());
    }

    private ExemptionView view(Exemption e) {
        return new ExemptionView(e.id, e.ticketId, e.kind, e.reason, e.createdBy, WireTime.show(e.createdAt, zone));
    }

    private EventView view(TicketEvent e) {
        return new EventView(e.id, WireTime.show(e.at, zone), e.actor, e.type, e.detail);
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}

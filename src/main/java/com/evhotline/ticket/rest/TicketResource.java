package com.evhotline.ticket.rest;

import static com.evhotline.common.QueryParams.enumParam;
import static com.evhotline.common.QueryParams.intParam;

import com.evhotline.common.WireTime;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.TicketView;
import com.evhotline.ticket.repository.TicketRepository;
import com.evhotline.ticket.service.TicketChangeService;
import com.evhotline.ticket.service.TicketLifecycleService;
import com.evhotline.ticket.service.TicketService;
import com.evhotline.ticket.service.TicketViews;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Tickets: open, list, read, change, and move along their life. */
@Path("/api/tickets")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.ADMIN})
public class TicketResource {

    /** A page of tickets. */
    public record Page(List<TicketView> items, long total) {
    }

    static final int MAX_PAGE_SIZE = 200;

    private final TicketService tickets;
    private final TicketChangeService changes;
    private final TicketLifecycleService lifecycle;
    private final TicketViews views;
    private final PhoneNumbers phones;
    private final SecurityIdentity identity;

    public TicketResource(TicketService tickets, TicketChangeService changes, TicketLifecycleService lifecycle,
            TicketViews views, PhoneNumbers phones, SecurityIdentity identity) {
        this.tickets = tickets;
        this.changes = changes;
        this.lifecycle = lifecycle;
        this.views = views;
        this.phones = phones;
        this.identity = identity;
    }

    @POST
    public Uni<Response> open(@Valid @NotNull TicketRequests.Open r) {
        var cmd = new TicketService.NewTicket(r.callerNumber(), r.category(), r.description(), r.customerName(), r.vin(),
                r.fault(), r.receivedAt() == null ? null : r.receivedAt().toInstant());
        return tickets.open(cmd, user())
                .chain(views::of)
                .map(v -> Response.created(URI.create("/api/tickets/" + v.id())).entity(v).build());
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<Page> list(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("callerNumber") String callerNumber, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        var filter = new TicketRepository.Filter(
                enumParam("status", status, TicketStatus.class),
                enumParam("category", category, Category.class),
                callerNumber == null || callerNumber.isBlank() ? null : phones.normalise("callerNumber", callerNumber),
                WireTime.parse("from", from),
                WireTime.parse("to", to));
        int s = intParam("size", size, 20, 1, MAX_PAGE_SIZE);
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE / s);
        return tickets.search(filter, user(), p, s)
                .chain(found -> views.of(found.items()).map(items -> new Page(items, found.total())));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<TicketView> get(@PathParam("id") long id) {
        CurrentUser user = user();
        // a station or regional manager sees the messages sent to them, not everybody's
        return tickets.visible(id, user).chain(t -> views.of(t, user.seesEverything() ? null : user.staffId()));
    }

    @PATCH
    @Path("{id}")
    public Uni<TicketView> change(@PathParam("id") long id, @Valid @NotNull TicketRequests.Patch r) {
        var change = new TicketChangeService.Change(r.category(), r.description(), r.customerName(), r.vin(),
                r.fault(), r.assigneeId(), r.reason());
        return changes.change(id, change, user()).chain(views::of);
    }

    @POST
    @Path("{id}/resolve")
    public Uni<TicketView> resolve(@PathParam("id") long id, @Valid @NotNull TicketRequests.Resolve r) {
        return lifecycle.resolve(id, r.resolution(), user()).chain(views::of);
    }

    @POST
    @Path("{id}/close")
    public Uni<TicketView> close(@PathParam("id") long id, @Valid TicketRequests.Close r) {
        return lifecycle.close(id, r == null ? null : r.note(), user()).chain(views::of);
    }

    /** A call made for the ticket's follow-up; the ticket closes when it reached the customer or was the last allowed. */
    @POST
    @Path("{id}/follow-up")
    public Uni<TicketView> followUp(@PathParam("id") long id, @Valid @NotNull TicketRequests.FollowUp r) {
        return lifecycle.recordFollowUp(id, r.reached(), r.satisfaction(), r.note(), user()).chain(views::of);
    }

    @POST
    @Path("{id}/reopen")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
    public Uni<TicketView> reopen(@PathParam("id") long id, @Valid @NotNull TicketRequests.Reopen r) {
        return lifecycle.reopen(id, r.reason(), user()).chain(views::of);
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}

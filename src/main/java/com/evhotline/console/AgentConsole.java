package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.common.WireTime;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.TicketReply;
import com.evhotline.ticket.TicketView;
import com.evhotline.ticket.service.TicketService;
import com.evhotline.ticket.service.TicketViews;
import com.evhotline.ticket.service.TicketWorkService;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The agent's console: the replies owed (nearest deadline first) and the agent's own tickets, each with a
 * live countdown; a ticket's page with its deadlines, its history and the reply form. Times in the
 * hotline's zone.
 */
@Path("/console")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class AgentConsole {


    /** A line of a list as the page shows it; {@code dueMillis} drives the countdown. */
    public record Row(long id, String number, String status, String category, String caller, String assignee,
            String dueKind, String due, Long dueMillis, Long warnMillis) {
    }

    private final Template console;
    private final TicketPage page;
    private final Template listsOnly;
    private final ConsoleQueries queries;
    private final TicketWorkService work;
    private final SecurityIdentity identity;
    private final ZoneId zone;

    public AgentConsole(@Location("console/console.html") Template console, TicketPage page,
            @Location("console/lists.html") Template listsOnly, ConsoleQueries queries, TicketWorkService work,
            SecurityIdentity identity, ZoneId zone) {
        this.console = console;
        this.page = page;
        this.listsOnly = listsOnly;
        this.queries = queries;
        this.work = work;
        this.identity = identity;
        this.zone = zone;
    }

    @GET
    public Uni<TemplateInstance> console(@Context HttpHeaders headers) {
        return lists(console).map(page -> PageLocale.in(page, headers));
    }

    /** The two lists alone: the page fetches them every few seconds to stay current. */
    @GET
    @Path("lists")
    public Uni<TemplateInstance> listsOnly(@Context HttpHeaders headers) {
        return lists(listsOnly).map(page -> PageLocale.in(page, headers));
    }

    private Uni<TemplateInstance> lists(Template template) {
        CurrentUser user = CurrentUser.of(identity);
        return queries.callBacksOwed().chain(owed -> queries.ownedBy(user.staffId()).map(mine -> template
                .data("user", user.username())
                .data("queue", rows(owed))
                .data("mine", rows(mine))));
    }

    @GET
    @Path("tickets/{id}")
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
    public Uni<TemplateInstance> ticket(@PathParam("id") long id, @Context HttpHeaders headers) {
        return page.of(id, CurrentUser.of(identity), null, headers);
    }

    /**
     * The reply form: recorded, and back to the ticket; if refused, the page again with what to fix (said by the
     * service, never taken from a link).
     */
    @POST
    @Path("tickets/{id}/reply")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<Response> reply(@PathParam("id") long id, @FormParam("channel") String channel, @FormParam("text") String text,
            @FormParam("from") String from, @Context HttpHeaders headers) {
        TicketReply.Channel how;
        try {
            how = TicketReply.Channel.valueOf(channel == null ? "" : channel);
        } catch (IllegalArgumentException e) {
            return refused(id, "channel: choose how the customer was answered", headers);
        }
        if (text == null || text.isBlank() || text.length() > 10_000) {
            return refused(id, "text: say what the customer was told (at most 10,000 characters)", headers);
        }
        return work.reply(id, how, text, CurrentUser.of(identity))
                .map(r -> Response.seeOther(URI.create(TicketForms.back(id, from))).build())
                .onFailure(Problem.class).recoverWithUni(e -> refused(id, e.getMessage(), headers));
    }

    private Uni<Response> refused(long id, String error, HttpHeaders headers) {
        return page.of(id, CurrentUser.of(identity), error, headers).map(p -> Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity(p).build());
    }

    private List<Row> rows(List<ConsoleQueries.Line> lines) {
        return lines.stream().map(l -> new Row(l.id(), l.number(), l.status(), l.category(), l.callerNumber(), l.assignee(),
                l.dueKind(), l.dueAt() == null ? null : Shown.at(WireTime.show(l.dueAt(), zone)),
                l.dueAt() == null ? null : l.dueAt().toEpochMilli(),
                l.warnAt() == null ? null : l.warnAt().toEpochMilli())).toList();
    }
}

package com.evhotline.console;

import com.evhotline.common.Problem;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DistanceBand;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.service.TicketChangeService;
import com.evhotline.ticket.service.TicketLifecycleService;
import com.evhotline.ticket.service.TicketWorkService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The ticket page's forms beside the reply: classify, dispatch to a station, exempt a deadline, resolve, record the
 * follow-up call, close a ticket no follow-up call can be made for. Each goes through the same service as the API,
 * so every rule holds; done, back to the ticket; refused, the page again with the service's reason, and nothing
 * written.
 */
// under /console like the ticket page: JAX-RS picks one class by its path, and would not find the GET elsewhere
@Path("/console")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED) // forms only, so their CSRF tokens are checked
public class TicketForms {

    private final TicketPage page;
    private final TicketChangeService changes;
    private final TicketWorkService work;
    private final TicketLifecycleService lifecycle;
    private final SecurityIdentity identity;

    public TicketForms(TicketPage page, TicketChangeService changes, TicketWorkService work, TicketLifecycleService lifecycle,
            SecurityIdentity identity) {
        this.page = page;
        this.changes = changes;
        this.work = work;
        this.lifecycle = lifecycle;
        this.identity = identity;
    }

    @POST
    @Path("tickets/{id}/classify")
    public Uni<Response> classify(@PathParam("id") long id, @FormParam("category") String category,
            @FormParam("fault") String fault, @FormParam("reason") String reason, @Context HttpHeaders headers) {
        return done(id, headers, () -> {
            Category c = named(Category.class, "category", category);
            // the field is on the form with the fault as it stands: left as it is, nothing changes; emptied, removed
            if (fault != null && fault.strip().length() > 200) {
                throw Problem.invalid("fault: at most 200 characters; name the fault in a few words");
            }
            return changes.change(id, new TicketChangeService.Change(c, null, null, null, fault, null,
                    text("reason", reason, 2000, false)), user());
        });
    }

    @POST
    @Path("tickets/{id}/dispatch")
    public Uni<Response> dispatch(@PathParam("id") long id, @FormParam("stationId") Long stationId,
            @FormParam("instruction") String instruction, @FormParam("distanceBand") String band,
            @FormParam("from") String from, @Context HttpHeaders headers) {
        return done(id, from, headers, () -> {
            if (stationId == null) {
                throw Problem.invalid("stationId: choose the service station to send the notice to");
            }
            DistanceBand b = band == null || band.isBlank() ? null : named(DistanceBand.class, "distanceBand", band);
            return work.dispatch(id, stationId, null, text("instruction", instruction, 10_000, true), b, user());
        });
    }

    /** {@code deadline} is a kind, or {@code ACKNOWLEDGE:<noticeId>} for one notice's acknowledgement. */
    @POST
    @Path("tickets/{id}/exempt")
    @RolesAllowed({Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
    public Uni<Response> exempt(@PathParam("id") long id, @FormParam("deadline") String deadline,
            @FormParam("reason") String reason, @Context HttpHeaders headers) {
        return done(id, headers, () -> {
            String d = deadline == null ? "" : deadline;
            int colon = d.indexOf(':');
            DeadlineKind kind = named(DeadlineKind.class, "deadline", colon < 0 ? d : d.substring(0, colon));
            Long notice;
            try {
                notice = colon < 0 ? null : Long.valueOf(d.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw Problem.invalid("deadline: choose one of the ticket's deadlines still owed");
            }
            return work.exempt(id, kind, notice, text("reason", reason, 2000, true), user());
        });
    }

    @POST
    @Path("tickets/{id}/resolve")
    public Uni<Response> resolve(@PathParam("id") long id, @FormParam("resolution") String resolution,
            @Context HttpHeaders headers) {
        return done(id, headers, () -> lifecycle.resolve(id, text("resolution", resolution, 10_000, true), user()));
    }

    /** A call made for the follow-up: {@code reached} true or false, a score (1 to 5) when reached, a note. */
    @POST
    @Path("tickets/{id}/follow-up")
    public Uni<Response> followUp(@PathParam("id") long id, @FormParam("reached") String reached,
            @FormParam("satisfaction") String satisfaction, @FormParam("note") String note, @Context HttpHeaders headers) {
        return done(id, headers, () -> {
            if (!"true".equals(reached) && !"false".equals(reached)) {
                throw Problem.invalid("reached: say whether the customer answered the follow-up call");
            }
            Integer score;
            try {
                score = satisfaction == null || satisfaction.isBlank() ? null : Integer.valueOf(satisfaction.strip());
            } catch (NumberFormatException e) {
                throw Problem.invalid("satisfaction: choose a score from 1 (very dissatisfied) to 5 (very satisfied)");
            }
            return lifecycle.recordFollowUp(id, Boolean.valueOf(reached), score, text("note", note, 2000, false), user());
        });
    }

    /** Closes a resolved ticket whose follow-up call cannot be made. */
    @POST
    @Path("tickets/{id}/close")
    public Uni<Response> close(@PathParam("id") long id, @FormParam("note") String note, @Context HttpHeaders headers) {
        return done(id, headers, () -> lifecycle.close(id, text("note", note, 2000, false), user()));
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }

    /** Where a form sends the browser when done: the ticket, or the on-duty page it was sent from. */
    static String back(long id, String from) {
        return "duty".equals(from) ? "/duty" : "/console/tickets/" + id;
    }

    private Uni<Response> done(long id, HttpHeaders headers, Supplier<Uni<?>> action) {
        return done(id, null, headers, action);
    }

    private Uni<Response> done(long id, String from, HttpHeaders headers, Supplier<Uni<?>> action) {
        return Uni.createFrom().deferred(action)
                .map(x -> Response.seeOther(URI.create(back(id, from))).build())
                .onFailure(Problem.class).recoverWithUni(e -> page.of(id, user(), e.getMessage(), headers)
                        .map(p -> Response.status(((Problem) e).status())
                                .type(MediaType.TEXT_HTML_TYPE).entity(p).build()));
    }

    private static String text(String field, String value, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() && required) {
            throw Problem.invalid(field + ": required; say it in words");
        }
        if (v.length() > max) {
            throw Problem.invalid(field + ": at most " + max + " characters");
        }
        return v.isEmpty() ? null : v;
    }

    private static <E extends Enum<E>> E named(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field + ": one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}

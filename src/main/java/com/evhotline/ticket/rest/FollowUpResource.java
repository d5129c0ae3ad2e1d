package com.evhotline.ticket.rest;

import static com.evhotline.common.QueryParams.intParam;

import com.evhotline.common.WireTime;
import com.evhotline.security.Roles;
import com.evhotline.ticket.TicketView.FollowUpView;
import com.evhotline.ticket.service.FollowUps;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The follow-up calls owed: the agents' call-back list of resolved tickets, the nearest due first. */
@Path("/api/follow-ups")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN})
public class FollowUpResource {

    /** A follow-up still due, with the ticket and the number to call. */
    public record DueView(long ticketId, String number, String callerNumber, String customerName, FollowUpView followUp) {
    }

    public record Page(List<DueView> items, long total) {
    }

    static final int MAX_PAGE_SIZE = 200;

    private final FollowUps followUps;

    public FollowUpResource(FollowUps followUps) {
        this.followUps = followUps;
    }

    /** Every follow-up still DUE, or those due by {@code dueBy} (ISO-8601 with offset), the nearest first. */
    @GET
    public Uni<Page> due(@QueryParam("dueBy") String dueBy, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        var by = WireTime.parse("dueBy", dueBy);
        int s = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE / s);
        return followUps.due(by, p, s).map(found -> new Page(found.items().stream()
                .map(d -> new DueView(d.ticket().id, d.ticket().number, d.ticket().callerNumber, d.ticket().customerName,
                        d.followUp()))
                .toList(), found.total()));
    }
}

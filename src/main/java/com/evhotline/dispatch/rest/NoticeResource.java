package com.evhotline.dispatch.rest;

import com.evhotline.common.Problem;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.repository.DispatchNoticeRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.repository.TicketEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Work-instruction notices: a station manager sees and acknowledges its station's. */
@Path("/api/notices")
@RolesAllowed({Roles.AGENT, Roles.DUTY, Roles.SUPERVISOR, Roles.LEADER, Roles.REGIONAL, Roles.STATION, Roles.ADMIN})
public class NoticeResource {

    private final DispatchNoticeRepository notices;
    private final TicketEventRepository events;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final ZoneId zone;

    public NoticeResource(DispatchNoticeRepository notices, TicketEventRepository events, SecurityIdentity identity,
            Clock clock, ZoneId zone) {
        this.notices = notices;
        this.events = events;
        this.identity = identity;
        this.clock = clock;
        this.zone = zone;
    }

    @GET
    public Uni<List<NoticeView>> list(@QueryParam("ticketId") Long ticketId) {
        return notices.visibleTo(CurrentUser.of(identity), ticketId)
                .map(all -> all.stream().map(n -> NoticeView.of(n, zone)).toList());
    }

    @POST
    @Path("{id}/ack")
    @RolesAllowed({Roles.STATION, Roles.REGIONAL, Roles.SUPERVISOR, Roles.ADMIN})
    @WithTransaction
    public Uni<NoticeView> acknowledge(@PathParam("id") long id) {
        CurrentUser user = CurrentUser.of(identity);
        Instant now = clock.instant();
        return notices.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> user.seesEverything() ? Uni.createFrom().voidItem()
                        : notices.addressedTo(id, user).invoke(ok -> {
                            if (!ok) {
                                throw Problem.forbidden("notice " + id + " was not sent to your station or region");
                            }
                        }))
                .call(n -> {
                    if (n.state == DispatchNotice.State.ACKNOWLEDGED) {
                        return Uni.createFrom().voidItem();
                    }
                    n.state = DispatchNotice.State.ACKNOWLEDGED;
                    n.acknowledgedAt = now;
                    n.acknowledgedBy = user.username();
                    return events.append(n.ticketId, now, user.username(), "NOTICE_ACKNOWLEDGED", Map.of("noticeId", n.id));
                })
                .map(n -> NoticeView.of(n, zone));
    }
}

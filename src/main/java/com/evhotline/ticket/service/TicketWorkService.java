package com.evhotline.ticket.service;

import com.evhotline.common.Problem;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DistanceBand;
import com.evhotline.deadline.Exemption;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.repository.DispatchNoticeRepository;
import com.evhotline.notification.NotificationService;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.staff.repository.StaffRepository;
import com.evhotline.station.StationRepository;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketReply;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketReplyRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The work on a ticket that meets its deadlines: the reply, the work-instruction notice, an exemption. */
@ApplicationScoped
public class TicketWorkService {

    private final TicketRepository tickets;
    private final TicketReplyRepository replies;
    private final DispatchNoticeRepository notices;
    private final StationRepository stations;
    private final StaffRepository staff;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final NotificationService notifications;
    private final Clock clock;

    public TicketWorkService(TicketRepository tickets, TicketReplyRepository replies, DispatchNoticeRepository notices,
            StationRepository stations, StaffRepository staff, TicketEventRepository events, TicketDeadlines deadlines,
            NotificationService notifications, Clock clock) {
        this.notifications = notifications;
        this.tickets = tickets;
        this.replies = replies;
        this.notices = notices;
        this.stations = stations;
        this.staff = staff;
        this.events = events;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<TicketReply> reply(Long ticketId, TicketReply.Channel channel, String text, CurrentUser actor) {
        // the deadline's row is locked before the reply's instant is read: a breach the engine fired meanwhile
        // is seen, so the reply counts as late rather than on time beside a breach already told
        return load(ticketId).call(t -> deadlines.lock(t, DeadlineKind.REPLY)).chain(t -> {
            Instant now = clock.instant();
            t.status = t.status.afterReply();
            t.updatedAt = now;
            TicketReply r = new TicketReply();
            r.ticketId = t.id;
            r.channel = channel;
            r.text = text.trim();
            r.repliedAt = now;
            r.repliedBy = actor.username();
            return replies.persist(r)
                    .call(() -> events.append(t.id, now, actor.username(), "REPLY_RECORDED",
                            Map.of("channel", channel, "replyId", r.id)))
                    .call(() -> deadlines.meet(t, DeadlineKind.REPLY, now, actor));
        });
    }

    @WithTransaction
    public Uni<DispatchNotice> dispatch(Long ticketId, Long stationId, Long staffId, String instruction,
            DistanceBand band, CurrentUser actor) {
        if ((stationId == null) == (staffId == null)) {
            throw Problem.invalid("give exactly one of stationId (a service station) or staffId (a regional manager)");
        }
        return load(ticketId)
                .call(t -> checkAddressee(stationId, staffId))
                .invoke(t -> checkBand(t, band))
                .call(t -> deadlines.lock(t, DeadlineKind.DISPATCH)) // as for a reply
                .chain(t -> {
                    Instant now = clock.instant();
                    t.status = t.status.afterDispatch();
                    t.updatedAt = now;
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put(stationId != null ? "stationId" : "staffId", stationId != null ? stationId : staffId);
                    return notices.issue(t.id, stationId, staffId, instruction, now, actor.username())
                            .call(n -> events.append(t.id, now, actor.username(), "NOTICE_ISSUED", with(detail, "noticeId", n.id)))
                            .call(n -> notifications.noticeIssued(n.id, t.id, "WORK INSTRUCTION " + t.number + ": "
                                    + n.instruction, stationId, staffId, now))
                            .call(() -> deadlines.meet(t, DeadlineKind.DISPATCH, now, actor))
                            .call(n -> deadlines.awaitAcknowledgement(t, n.id, actor, now))
                            .call(() -> rescueBand(t, band, actor, now));
                });
    }

    /** A RESCUE ticket's first notice gives the distance band; a band is for rescues only and is not changed. */
    private static void checkBand(Ticket t, DistanceBand band) {
        if (band != null && t.category != Category.RESCUE) {
            throw Problem.invalid("distanceBand: only a RESCUE ticket has one; ticket " + t.number + " is "
                    + t.category + " (reclassify it first if a vehicle must go out)");
        }
        if (t.category == Category.RESCUE && band == null && t.distanceBand == null) {
            throw Problem.invalid("distanceBand: a rescue notice says how far the vehicle stands, one of "
                    + java.util.Arrays.toString(DistanceBand.values()) + "; it sets the time the rescue may take");
        }
        if (band != null && t.distanceBand != null && band != t.distanceBand) {
            throw Problem.conflict("ticket " + t.number + " is already in distance band " + t.distanceBand
                    + "; leave distanceBand out of later notices");
        }
    }

    private Uni<Void> rescueBand(Ticket t, DistanceBand band, CurrentUser actor, Instant now) {
        if (band == null || t.distanceBand != null) {
            return Uni.createFrom().voidItem();
        }
        t.distanceBand = band;
        return events.append(t.id, now, actor.username(), "DISTANCE_BAND_SET", Map.of("distanceBand", band))
                .chain(() -> deadlines.rescue(t, actor, now));
    }

    @WithTransaction
    public Uni<Exemption> exempt(Long ticketId, DeadlineKind kind, Long noticeId, String reason, CurrentUser actor) {
        Instant now = clock.instant();
        return load(ticketId).chain(t -> {
            t.updatedAt = now;
            return deadlines.exempt(t, kind, noticeId, reason, actor, now);
        });
    }

    @WithTransaction
    public Uni<Exemption> revokeExemption(Long ticketId, Long exemptionId, String reason, CurrentUser actor) {
        Instant now = clock.instant();
        return load(ticketId).chain(t -> {
            if (t.status.isFinished()) {
                throw Problem.conflict("ticket " + t.number + " is " + t.status + ": reopen it before you revoke an exemption");
            }
            t.updatedAt = now;
            return deadlines.revoke(t, exemptionId, reason, actor, now);
        });
    }

    private Uni<Ticket> load(Long id) {
        return tickets.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("ticket", id));
    }

    private Uni<Void> checkAddressee(Long stationId, Long staffId) {
        if (stationId != null) {
            return stations.findById(stationId).invoke(s -> {
                if (s == null) {
                    throw Problem.invalid("stationId: no station with id " + stationId);
                }
                if (!s.active) {
                    throw Problem.invalid("stationId: station " + s.code + " is closed; send the notice to another");
                }
            }).replaceWithVoid();
        }
        return staff.rolesOf(staffId).invoke(roles -> {
            if (!roles.contains(Roles.REGIONAL)) {
                throw Problem.invalid("staffId: " + (roles.isEmpty() ? "no staff member with id " + staffId
                        : "staff member " + staffId + " is not a regional manager"));
            }
        }).replaceWithVoid();
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        m.put(k, v);
        return m;
    }
}

package com.evhotline.ticket.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.calendar.Shift;
import com.evhotline.common.Problem;
import com.evhotline.deadline.Deadline;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.DeadlinePolicy;
import com.evhotline.deadline.DeadlineState;
import com.evhotline.deadline.EscalationConfig;
import com.evhotline.deadline.Exemption;
import com.evhotline.deadline.repository.DeadlineRepository;
import com.evhotline.deadline.repository.DeadlineTimerRepository;
import com.evhotline.deadline.repository.ExemptionRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.repository.TicketEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the deadline rules to a ticket inside the caller's transaction: adds the deadlines its
 * category and shift call for, adds or withdraws DISPATCH and ARRIVAL when the category changes, meets
 * and exempts them. Every change is a ticket event.
 */
@ApplicationScoped
public class TicketDeadlines {

    private final DeadlineRepository deadlines;
    private final ExemptionRepository exemptions;
    private final DeadlineTimerRepository timers;
    private final TicketEventRepository events;
    private final DeadlinePolicy policy;
    private final EscalationConfig escalation;
    private final CalendarService calendar;
    private final com.evhotline.ticket.repository.VehicleTripRepository trips;

    public TicketDeadlines(DeadlineRepository deadlines, ExemptionRepository exemptions, DeadlineTimerRepository timers,
            TicketEventRepository events, DeadlinePolicy policy, EscalationConfig escalation, CalendarService calendar,
            com.evhotline.ticket.repository.VehicleTripRepository trips) {
        this.trips = trips;
        this.calendar = calendar;
        this.deadlines = deadlines;
        this.timers = timers;
        this.escalation = escalation;
        this.exemptions = exemptions;
        this.events = events;
        this.policy = policy;
    }

    /**
     * After a category change: DISPATCH is added when now needed, and withdrawn when not while it is
     * still owed, also after a breach (an inquiry owes no notice): its escalation stops, and the
     * withdrawal is recorded with who, why and whether it had been breached. A met or exempted one stays.
     * ARRIVAL follows the same way: owed by a RESCUE ticket once its distance band is known.
     */
    public Uni<Void> reconcile(Ticket t, String reason, CurrentUser actor, Instant now) {
        return deadlines.ofTicket(t.id, DeadlineKind.DISPATCH).chain(dispatch -> {
            if (t.category.needsDispatch() && dispatch == null) {
                return add(t, new DeadlinePolicy.Due(DeadlineKind.DISPATCH,
                        policy.dueAt(DeadlineKind.DISPATCH, t.shift, t.receivedAt)), actor, now);
            }
            return t.category.needsDispatch() ? Uni.createFrom().voidItem() : withdraw(t, dispatch, reason, actor, now);
        }).chain(() -> deadlines.ofTicket(t.id, DeadlineKind.ARRIVAL)).chain(arrival -> {
            if (arrival == null) {
                return rescue(t, actor, now);
            }
            return t.category == Category.RESCUE ? Uni.createFrom().voidItem() : withdraw(t, arrival, reason, actor, now);
        });
    }

    /**
     * A RESCUE ticket whose distance band is known owes the vehicle's arrival within the band's rescue
     * time from the call; added once.
     */
    public Uni<Void> rescue(Ticket t, CurrentUser actor, Instant now) {
        if (t.category != Category.RESCUE || t.distanceBand == null) {
            return Uni.createFrom().voidItem();
        }
        return deadlines.ofTicket(t.id, DeadlineKind.ARRIVAL).chain(arrival -> arrival != null ? Uni.createFrom().voidItem()
                : add(t, new DeadlinePolicy.Due(DeadlineKind.ARRIVAL,
                        t.receivedAt.plus(policy.arrivalWindow(t.distanceBand))), actor, now)
                        // a vehicle that already arrived (registered before the ticket was a rescue) meets it
                        .chain(() -> trips.firstArrival(t.id))
                        .chain(first -> first == null ? Uni.createFrom().voidItem()
                                : meetAsOf(t, DeadlineKind.ARRIVAL, first, actor, now)));
    }

    private static <T> T failWith(Problem p) {
        throw p;
    }

    private Uni<Void> withdraw(Ticket t, Deadline d, String reason, CurrentUser actor, Instant now) {
        if (d == null || d.metAt != null || (d.state != DeadlineState.PENDING && d.state != DeadlineState.BREACHED)) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", d.kind);
        detail.put("category", t.category);
        detail.put("reason", reason);
        detail.put("dueAt", d.dueAt.toString());
        detail.put("breached", d.stateAt(now) == DeadlineState.BREACHED);
        return deadlines.withdraw(d)
                .call(() -> events.append(t.id, now, actor.username(), "DEADLINE_WITHDRAWN", detail))
                .replaceWithVoid();
    }

    /** Locks the ticket's current deadline of a kind (if any) for the transaction, against the engine's firing. */
    public Uni<Void> lock(Ticket t, DeadlineKind kind) {
        return deadlines.ofTicketForUpdate(t.id, kind).replaceWithVoid();
    }

    /**
     * A notice just issued waits for its addressee's acknowledgement: an ACKNOWLEDGE deadline of its own
     * (the ticket's next round), warned and escalated by the engine like any other.
     */
    public Uni<Void> awaitAcknowledgement(Ticket t, Long noticeId, CurrentUser actor, Instant issuedAt) {
        Instant due = issuedAt.plus(policy.window(DeadlineKind.ACKNOWLEDGE, t.shift));
        return deadlines.openNextRound(t.id, DeadlineKind.ACKNOWLEDGE, due, noticeId)
                .call(saved -> timers.plan(saved.id, t.id, warningAt(t, saved), due, issuedAt))
                .call(saved -> {
                    Map<String, Object> detail = added(new DeadlinePolicy.Due(DeadlineKind.ACKNOWLEDGE, due), t.shift);
                    detail.put("round", saved.round);
                    detail.put("noticeId", noticeId);
                    return events.append(t.id, issuedAt, actor.username(), "DEADLINE_ADDED", detail);
                }).replaceWithVoid();
    }

    /** The notice was acknowledged: its ACKNOWLEDGE deadline is met (notices from before there was one have none). */
    public Uni<Void> acknowledged(Long ticketId, Long noticeId, Instant at, String actor) {
        return deadlines.ofNoticeForUpdate(noticeId).chain(d -> d == null || !deadlines.meet(d, at) ? Uni.createFrom().voidItem()
                : timers.cancel(d.id).chain(() -> events.append(ticketId, at, actor,
                        d.state == DeadlineState.MET ? "DEADLINE_MET" : "DEADLINE_MET_LATE",
                        Map.of("kind", d.kind, "dueAt", d.dueAt.toString(), "metAt", at.toString(), "noticeId", noticeId)))
                        .replaceWithVoid());
    }

    /** Records the act that meets a deadline of the ticket, if it has one still pending. */
    public Uni<Void> meet(Ticket t, DeadlineKind kind, Instant at, CurrentUser actor) {
        return meet(t, kind, at, actor, null);
    }

    /**
     * Records an act told after it happened at {@code at} (a vehicle's arrival): by the due instant it
     * meets the deadline, even if its breach was told meanwhile.
     */
    public Uni<Void> meetAsOf(Ticket t, DeadlineKind kind, Instant at, CurrentUser actor, Instant now) {
        return meet(t, kind, at, actor, now);
    }

    private Uni<Void> meet(Ticket t, DeadlineKind kind, Instant at, CurrentUser actor, Instant toldAt) {
        return deadlines.ofTicketForUpdate(t.id, kind).chain(d -> {
            DeadlineState before = d == null ? null : d.state;
            if (d == null || !(toldAt != null ? deadlines.meetAsOf(d, at) : deadlines.meet(d, at))) {
                return Uni.createFrom().voidItem();
            }
            Uni<Integer> cancelled = timers.cancel(d.id);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("kind", kind);
            detail.put("dueAt", d.dueAt.toString());
            detail.put("metAt", at.toString());
            if (before == DeadlineState.BREACHED) {
                detail.put("afterBreach", true); // the breach was told; the act is recorded later than it happened
            }
            String type = d.state == DeadlineState.MET ? "DEADLINE_MET" : "DEADLINE_MET_LATE";
            // an act told afterwards is on record when it was told, its own instant in the detail
            return cancelled.chain(() -> events.append(t.id, toldAt != null ? toldAt : at, actor.username(), type, detail))
                    .replaceWithVoid();
        });
    }

    /**
     * Exempts a pending deadline with a reason. An ACKNOWLEDGE deadline is one notice's: {@code noticeId} names
     * it, and may be left out only when a single one is still owed.
     */
    public Uni<Exemption> exempt(Ticket t, DeadlineKind kind, Long noticeId, String reason, CurrentUser actor, Instant now) {
        if (noticeId != null && kind != DeadlineKind.ACKNOWLEDGE) {
            throw Problem.invalid("noticeId: only an ACKNOWLEDGE deadline belongs to a notice; leave it out for " + kind);
        }
        Uni<Deadline> which = kind != DeadlineKind.ACKNOWLEDGE ? deadlines.ofTicketForUpdate(t.id, kind)
                : noticeId != null ? deadlines.ofNoticeForUpdate(noticeId).map(d -> d != null && d.ticketId.equals(t.id) ? d
                        : failWith(Problem.invalid("noticeId: ticket " + t.number + " has no notice " + noticeId)))
                : deadlines.ofTicketsForUpdate(t.id, kind).map(all -> {
                    List<Deadline> owed = all.stream().filter(d -> d.state == DeadlineState.PENDING
                            || (d.state == DeadlineState.BREACHED && d.metAt == null)).toList();
                    if (owed.size() > 1) {
                        throw Problem.invalid("noticeId: ticket " + t.number + " owes the acknowledgement of "
                                + owed.size() + " notices " + owed.stream().map(d -> d.noticeId).toList()
                                + "; say which one is exempted");
                    }
                    return owed.isEmpty() ? (all.isEmpty() ? null : all.get(0)) : owed.get(0);
                });
        return which.chain(d -> {
            if (d == null) {
                throw Problem.conflict("ticket " + t.number + " has no " + kind + " deadline (category " + t.category + ")");
            }
            DeadlineState state = d.stateAt(now);
            boolean breached = state == DeadlineState.BREACHED && d.metAt == null;
            if (state != DeadlineState.PENDING && !breached) {
                throw Problem.conflict("the " + kind + " deadline of ticket " + t.number + " is already " + state
                        + "; only a deadline still owed can be exempted");
            }
            if (breached && !actor.has(Roles.SUPERVISOR) && !actor.has(Roles.ADMIN)) {
                throw Problem.forbidden("the " + kind + " deadline of ticket " + t.number
                        + " is breached: exempting it now takes a supervisor (the breach stays on record)");
            }
            return exemptions.exempt(d, reason, actor.username(), now)
                    .call(() -> timers.cancel(d.id))
                    .call(e -> events.append(t.id, now, actor.username(), "DEADLINE_EXEMPTED",
                            breached ? afterBreach(exempted(kind, e.reason, d.dueAt)) : exempted(kind, e.reason, d.dueAt)));
        });
    }

    /**
     * Kinds still owed on the ticket (they block resolving it): pending, or breached and not yet met (a
     * lapsed deadline is still owed; the late reply or notice meets it with its breach on record).
     */
    public Uni<List<DeadlineKind>> owed(Ticket t) {
        return deadlines.ofTickets(List.of(t.id)).map(ds -> ds.stream()
                .filter(d -> d.state == DeadlineState.PENDING || (d.state == DeadlineState.BREACHED && d.metAt == null))
                .map(d -> d.kind).toList());
    }

    /**
     * Revokes an exemption (supervisors): the deadline runs again, and if its instant has passed it
     * breaches at once; one exempted after its breach is breached again and escalates from now on.
     */
    public Uni<Exemption> revoke(Ticket t, Long exemptionId, String reason, CurrentUser actor, Instant now) {
        return exemptions.findById(exemptionId).chain(e -> {
            if (e == null || !e.ticketId.equals(t.id)) {
                throw Problem.notFound("exemption of ticket " + t.id, exemptionId);
            }
            if (e.revokedAt != null) {
                throw Problem.conflict("exemption " + exemptionId + " was already revoked at " + e.revokedAt);
            }
            exemptions.revoke(e, reason, actor.username(), now);
            return deadlines.findById(e.deadlineId)
                    .call(d -> timers.planned(d.id).chain(p -> deadlines.resume(d, p.breachFired()).chain(() ->
                            p.breachFired() ? timers.resumeEscalation(t.id, now)
                                    // the timers as first planned (this round's warning); a breach now past fires at once
                                    : timers.plan(d.id, t.id, p.warningAt() != null ? p.warningAt() : warningAt(t, d),
                                            d.dueAt, now))))
                    .call(d -> events.append(t.id, now, actor.username(), "EXEMPTION_REVOKED",
                            Map.of("kind", d.kind, "reason", e.revokeReason, "dueAt", d.dueAt.toString())))
                    .replaceWith(e);
        });
    }

    private Instant warningAt(Ticket t, Deadline d) {
        if (d.kind == DeadlineKind.ACKNOWLEDGE) { // told again a while after the issue
            return d.dueAt.minus(policy.window(DeadlineKind.ACKNOWLEDGE, t.shift)).plus(escalation.acknowledgeWarningAfter());
        }
        return warningAt(t, d.kind);
    }

    private Instant warningAt(Ticket t, DeadlineKind kind) {
        if (kind == DeadlineKind.ARRIVAL) {
            long window = policy.arrivalWindow(t.distanceBand).toMillis();
            return t.receivedAt.plusMillis((long) (window * escalation.arrivalWarningAt()));
        }
        return warningAt(t.receivedAt, t.shift, kind);
    }

    /** When the warning before a deadline of that kind falls due, for a call received then. */
    public Instant warningAt(Instant receivedAt, com.evhotline.calendar.Shift shift, DeadlineKind kind) {
        double fraction = kind == DeadlineKind.REPLY ? escalation.replyWarningAt() : escalation.dispatchWarningAt();
        return receivedAt.plusMillis((long) (policy.window(kind, shift).toMillis() * fraction));
    }

    /** What a DEADLINE_EXEMPTED event records. */
    private static Map<String, Object> afterBreach(Map<String, Object> detail) {
        detail.put("afterBreach", true);
        return detail;
    }

    public static Map<String, Object> exempted(DeadlineKind kind, String reason, Instant dueAt) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", kind);
        detail.put("reason", reason);
        detail.put("dueAt", dueAt.toString());
        return detail;
    }

    /** What a DEADLINE_ADDED event records. */
    public static Map<String, Object> added(DeadlinePolicy.Due due, com.evhotline.calendar.Shift shift) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", due.kind());
        detail.put("dueAt", due.dueAt().toString());
        detail.put("shift", shift);
        return detail;
    }

    /**
     * A reopened ticket owes a new reply: a REPLY deadline of the next round from {@code now}, by the
     * shift of that instant, with its warning and breach.
     */
    public Uni<Void> restartReply(Ticket t, CurrentUser actor, Instant now) {
        Shift shift = calendar.current().shiftAt(now);
        DeadlinePolicy.Due due = new DeadlinePolicy.Due(DeadlineKind.REPLY, policy.dueAt(DeadlineKind.REPLY, shift, now));
        return deadlines.openNextRound(t.id, DeadlineKind.REPLY, due.dueAt(), null)
                .call(saved -> timers.plan(saved.id, t.id, warningAt(now, shift, DeadlineKind.REPLY), due.dueAt(), now))
                .call(saved -> {
                    Map<String, Object> detail = added(due, shift);
                    detail.put("round", saved.round);
                    detail.put("why", "reopened");
                    return events.append(t.id, now, actor.username(), "DEADLINE_ADDED", detail);
                }).replaceWithVoid();
    }

    private Uni<Void> add(Ticket t, DeadlinePolicy.Due due, CurrentUser actor, Instant now) {
        return deadlines.open(t.id, due.kind(), due.dueAt())
                .call(d -> timers.plan(d.id, t.id, warningAt(t, due.kind()), due.dueAt(), now))
                .call(d -> events.append(t.id, now, actor.username(), "DEADLINE_ADDED", added(due, t.shift)))
                .replaceWithVoid();
    }
}

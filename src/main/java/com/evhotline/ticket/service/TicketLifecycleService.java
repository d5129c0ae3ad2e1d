package com.evhotline.ticket.service;

import com.evhotline.common.Problem;
import com.evhotline.deadline.repository.DeadlineTimerRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.ticket.FollowUp;
import com.evhotline.ticket.FollowUpPolicy;
import com.evhotline.ticket.FollowUpState;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolve (which owes the customer a follow-up call), record the follow-up call (which closes the ticket once it
 * ends), close by hand when no call can be made, and reopen (supervisors).
 */
@ApplicationScoped
public class TicketLifecycleService {

    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final DeadlineTimerRepository timers;
    private final FollowUps followUps;
    private final Clock clock;

    public TicketLifecycleService(TicketRepository tickets, TicketEventRepository events, TicketDeadlines deadlines,
            DeadlineTimerRepository timers, FollowUps followUps, Clock clock) {
        this.timers = timers;
        this.tickets = tickets;
        this.events = events;
        this.deadlines = deadlines;
        this.followUps = followUps;
        this.clock = clock;
    }

    /** Resolves a ticket whose deadlines are all met (on time or late) or exempted; its follow-up call is owed from now. */
    @WithTransaction
    public Uni<Ticket> resolve(Long id, String resolution, CurrentUser actor) {
        Instant now = clock.instant();
        return load(id)
                .call(t -> deadlines.owed(t).invoke(owed -> {
                    if (!owed.isEmpty()) {
                        throw Problem.conflict("ticket " + t.number + " still owes " + owed
                                + ": record the reply, issue the notice, or exempt them first (a missed deadline is"
                                + " still owed: met late, its breach stays on record)");
                    }
                }))
                .call(t -> {
                    t.status = t.status.afterResolve();
                    t.resolution = resolution.trim();
                    t.resolvedAt = now;
                    t.updatedAt = now;
                    return followUps.open(t, actor.username(), now).chain(f -> {
                        Map<String, Object> detail = new LinkedHashMap<>();
                        detail.put("resolution", t.resolution);
                        detail.put("followUp", f.state);
                        detail.put(f.state == FollowUpState.DUE ? "followUpDueAt" : "followUpReason",
                                f.state == FollowUpState.DUE ? f.dueAt.toString() : f.reason);
                        // with no number to call, nothing is left to do: the ticket closes at once, saying why
                        return events.append(t.id, now, actor.username(), "RESOLVED", detail)
                                .chain(() -> f.state == FollowUpState.NOT_POSSIBLE
                                        ? closeNow(t, Map.of("followUp", f.state, "reason", f.reason), actor, now)
                                        : Uni.createFrom().voidItem());
                    });
                });
    }

    /**
     * Records a call made for the ticket's follow-up: reached (with the customer's score) or the last attempt
     * allowed ends it and closes the ticket; an earlier unanswered call moves it on.
     */
    @WithTransaction
    public Uni<Ticket> recordFollowUp(Long id, Boolean reached, Integer satisfaction, String note, CurrentUser actor) {
        FollowUpPolicy.check(reached, satisfaction);
        Instant now = clock.instant();
        String said = note == null || note.isBlank() ? null : note.strip();
        return load(id)
                .invoke(t -> {
                    if (t.status != TicketStatus.RESOLVED) {
                        throw Problem.conflict("only a RESOLVED ticket awaits its follow-up call; ticket " + t.number
                                + " is " + t.status + (t.status == TicketStatus.CLOSED ? " (its follow-up has ended)"
                                        : ": resolve it first"));
                    }
                })
                .call(t -> followUps.call(t, reached, satisfaction, said, actor.username(), now)
                        .call(f -> events.append(t.id, now, actor.username(), "FOLLOW_UP_RECORDED", recorded(f, reached,
                                satisfaction, said)))
                        .call(f -> f.state == FollowUpState.DUE ? Uni.createFrom().voidItem()
                                : closeNow(t, ended(f), actor, now)));
    }

    /** Closes a resolved ticket whose follow-up call cannot be made (no number to call); otherwise refused. */
    @WithTransaction
    public Uni<Ticket> close(Long id, String note, CurrentUser actor) {
        Instant now = clock.instant();
        return load(id)
                .invoke(t -> t.status.afterClose())
                .call(t -> followUps.latestOf(t.id).chain(f -> {
                    if (f != null && f.state == FollowUpState.DUE) {
                        throw Problem.conflict("ticket " + t.number + " owes its follow-up call: record it first with"
                                + " POST /api/tickets/" + t.id + "/follow-up (reached or not); the ticket closes once"
                                + " the customer is reached or the last attempt is made");
                    }
                    Map<String, Object> detail = new LinkedHashMap<>();
                    if (f != null) {
                        detail.put("followUp", f.state);
                        if (f.reason != null) {
                            detail.put("reason", f.reason);
                        }
                    }
                    if (note != null && !note.isBlank()) {
                        detail.put("note", note.trim());
                    }
                    return closeNow(t, detail, actor, now);
                }));
    }

    @WithTransaction
    public Uni<Ticket> reopen(Long id, String reason, CurrentUser actor) {
        Instant now = clock.instant();
        return load(id)
                .call(t -> {
                    TicketStatus to = t.status.afterReopen();
                    Map<String, Object> detail = new LinkedHashMap<>(Map.of("reason", reason.trim(), "from", t.status,
                            "to", to));
                    t.status = to;
                    t.resolvedAt = null;
                    t.closedAt = null;
                    t.resolution = null;
                    t.updatedAt = now;
                    return followUps.cancel(t.id, reason.trim(), actor.username(), now)
                            .invoke(f -> {
                                if (f != null) {
                                    detail.put("followUp", FollowUpState.CANCELLED);
                                }
                            })
                            .chain(() -> events.append(t.id, now, actor.username(), "REOPENED", detail));
                })
                .call(t -> deadlines.restartReply(t, actor, now))
                .call(t -> timers.resumeEscalation(t.id, now));
    }

    /** The one way a ticket becomes CLOSED: from RESOLVED, with what ended its follow-up in the event. */
    private Uni<?> closeNow(Ticket t, Map<String, Object> detail, CurrentUser actor, Instant now) {
        t.status = t.status.afterClose();
        t.closedAt = now;
        t.updatedAt = now;
        return events.append(t.id, now, actor.username(), "CLOSED", detail);
    }

    private static Map<String, Object> recorded(FollowUp f, boolean reached, Integer satisfaction, String note) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("attempt", f.attempts);
        detail.put("reached", reached);
        if (satisfaction != null) {
            detail.put("satisfaction", satisfaction);
        }
        if (note != null) {
            detail.put("note", note);
        }
        detail.put("followUp", f.state);
        if (f.state == FollowUpState.DUE) {
            detail.put("nextCallAt", f.nextCallAt.toString());
        }
        return detail;
    }

    private static Map<String, Object> ended(FollowUp f) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("followUp", f.state);
        if (f.satisfaction != null) {
            detail.put("satisfaction", f.satisfaction.intValue());
        }
        return detail;
    }

    private Uni<Ticket> load(Long id) {
        return tickets.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("ticket", id));
    }
}

package com.evhotline.ticket.service;

import com.evhotline.common.Problem;
import com.evhotline.ticket.FollowUp;
import com.evhotline.ticket.FollowUpAttempt;
import com.evhotline.ticket.FollowUpConfig;
import com.evhotline.ticket.FollowUpPolicy;
import com.evhotline.ticket.FollowUpState;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketView.FollowUpView;
import com.evhotline.ticket.repository.FollowUpAttemptRepository;
import com.evhotline.ticket.repository.FollowUpRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one writer of follow-up calls, inside the transaction of the ticket's change that causes it: opened with
 * each resolution, a call recorded on it, cancelled by a reopening. What that does to the ticket is
 * {@link TicketLifecycleService}'s.
 */
@ApplicationScoped
public class FollowUps {

    /** A follow-up due, with the ticket it is for. */
    public record Due(Ticket ticket, FollowUpView followUp) {
    }

    /** A page of follow-ups due and how many there are in all. */
    public record DuePage(List<Due> items, long total) {
    }

    private final FollowUpRepository followUps;
    private final FollowUpAttemptRepository calls;
    private final TicketRepository tickets;
    private final FollowUpPolicy policy;
    private final ZoneId zone;

    public FollowUps(FollowUpRepository followUps, FollowUpAttemptRepository calls, TicketRepository tickets,
            FollowUpConfig config, ZoneId zone) {
        this.followUps = followUps;
        this.tickets = tickets;
        this.calls = calls;
        this.policy = FollowUpPolicy.of(config);
        this.zone = zone;
    }

    /** The follow-up a resolution of {@code t} at {@code now} owes: DUE later, or NOT_POSSIBLE with the reason. */
    Uni<FollowUp> open(Ticket t, String actor, Instant now) {
        FollowUp f = new FollowUp();
        f.ticketId = t.id;
        f.resolvedAt = now;
        f.dueAt = policy.dueAt(now);
        f.nextCallAt = f.dueAt;
        f.state = policy.opening(t.callerNumber);
        if (f.state == FollowUpState.NOT_POSSIBLE) {
            f.reason = FollowUpPolicy.NO_NUMBER;
            f.doneAt = now;
            f.doneBy = actor;
        }
        f.createdAt = now;
        return followUps.persist(f);
    }

    /**
     * Records a call made at {@code now} on the ticket's follow-up still due; answers it as the call left it.
     * Refused (409) when none is due.
     */
    Uni<FollowUp> call(Ticket t, boolean reached, Integer satisfaction, String note, String actor, Instant now) {
        return followUps.dueOf(t.id)
                .onItem().ifNull().switchTo(() -> followUps.latestOf(t.id).map(last -> {
                    throw Problem.conflict("ticket " + t.number + " owes no follow-up call"
                            + (last == null || last.reason == null ? "" : " (" + last.reason + ")")
                            + ": close it with POST /api/tickets/" + t.id + "/close");
                }))
                .call(f -> {
                    FollowUpPolicy.Outcome o = policy.afterCall(f.attempts, reached, satisfaction, now);
                    f.attempts = o.attempts();
                    f.state = o.state();
                    if (o.ended()) {
                        f.satisfaction = satisfaction == null ? null : satisfaction.shortValue();
                        f.doneAt = now;
                        f.doneBy = actor;
                    } else {
                        f.nextCallAt = o.nextCallAt();
                    }
                    FollowUpAttempt a = new FollowUpAttempt();
                    a.followUpId = f.id;
                    a.calledAt = now;
                    a.calledBy = actor;
                    a.reached = reached;
                    a.satisfaction = f.satisfaction;
                    a.note = note;
                    return calls.persist(a);
                });
    }

    /** Cancels the ticket's follow-up still due, if any, because the ticket was reopened; answers it or null. */
    Uni<FollowUp> cancel(Long ticketId, String reason, String actor, Instant now) {
        return followUps.dueOf(ticketId).invoke(f -> {
            if (f != null) {
                f.state = FollowUpState.CANCELLED;
                f.reason = reason;
                f.doneAt = now;
                f.doneBy = actor;
            }
        });
    }

    /** The follow-up of the ticket's latest resolution; null when it was never resolved. */
    public Uni<FollowUp> latestOf(Long ticketId) {
        return followUps.latestOf(ticketId);
    }

    /** {@link #latestOf} with its calls, as the API shows it; null when there is none. */
    @WithSession
    public Uni<FollowUpView> viewOf(Long ticketId) {
        return followUps.latestOf(ticketId).chain(f -> f == null ? Uni.createFrom().nullItem()
                : calls.of(List.of(f.id)).map(made -> FollowUpView.of(f, made, policy.attempts(), zone)));
    }

    /** The follow-ups to call by {@code dueBy} (null: all), the nearest next call first, with their tickets. */
    @WithSession
    public Uni<DuePage> due(Instant dueBy, int page, int size) {
        return followUps.due(dueBy, page, size).chain(found -> calls.of(found.items().stream().map(f -> f.id).toList())
                .chain(made -> tickets.list("id in ?1", found.items().stream().map(f -> f.ticketId).toList())
                        .map(ts -> {
                            Map<Long, Ticket> byId = ts.stream().collect(Collectors.toMap(t -> t.id, t -> t));
                            Map<Long, List<FollowUpAttempt>> callsBy = made.stream()
                                    .collect(Collectors.groupingBy(a -> a.followUpId));
                            return new DuePage(found.items().stream().map(f -> new Due(byId.get(f.ticketId),
                                    FollowUpView.of(f, callsBy.getOrDefault(f.id, List.of()), policy.attempts(), zone)))
                                    .toList(), found.total());
                        })));
    }
}

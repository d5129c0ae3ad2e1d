package com.evhotline.deadline;

import com.evhotline.common.Problem;
import com.evhotline.deadline.repository.DeadlineRepository;
import com.evhotline.deadline.repository.ExemptionRepository;
import com.evhotline.security.CurrentUser;
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
 * category and shift call for, adds or withdraws DISPATCH when the category changes, meets and
 * exempts them. Every change is a ticket event.
 */
@ApplicationScoped
public class TicketDeadlines {

    private final DeadlineRepository deadlines;
    private final ExemptionRepository exemptions;
    private final TicketEventRepository events;
    private final DeadlinePolicy policy;

    public TicketDeadlines(DeadlineRepository deadlines, ExemptionRepository exemptions, TicketEventRepository events,
            DeadlinePolicy policy) {
        this.deadlines = deadlines;
        this.exemptions = exemptions;
        this.events = events;
        this.policy = policy;
    }

    /** Gives a new ticket its deadlines. */
    public Uni<Void> addFor(Ticket t, CurrentUser actor, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DeadlinePolicy.Due due : policy.deadlinesFor(t.category, t.shift, t.receivedAt)) {
            chain = chain.chain(() -> add(t, due, actor, now));
        }
        return chain;
    }

    /**
     * After a category change: DISPATCH is added when now needed, and withdrawn when not, but only
     * while it is pending and not yet due: a met, exempted or overdue one stays on record.
     */
    public Uni<Void> reconcile(Ticket t, CurrentUser actor, Instant now) {
        return deadlines.ofTicket(t.id, DeadlineKind.DISPATCH).chain(dispatch -> {
            if (t.category.needsDispatch() && dispatch == null) {
                return add(t, new DeadlinePolicy.Due(DeadlineKind.DISPATCH,
                        policy.dueAt(DeadlineKind.DISPATCH, t.shift, t.receivedAt)), actor, now);
            }
            if (!t.category.needsDispatch() && dispatch != null && dispatch.stateAt(now) == DeadlineState.PENDING) {
                return deadlines.delete(dispatch)
                        .call(() -> events.append(t.id, now, actor.username(), "DEADLINE_WITHDRAWN",
                                Map.of("kind", DeadlineKind.DISPATCH, "category", t.category)))
                        .replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Records the act that meets a deadline of the ticket, if it has one still pending. */
    public Uni<Void> meet(Ticket t, DeadlineKind kind, Instant at, CurrentUser actor) {
        return deadlines.ofTicket(t.id, kind).chain(d -> {
            if (d == null || !d.meet(at)) {
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("kind", kind);
            detail.put("dueAt", d.dueAt.toString());
            detail.put("metAt", at.toString());
            String type = d.state == DeadlineState.MET ? "DEADLINE_MET" : "DEADLINE_MET_LATE";
            return events.append(t.id, at, actor.username(), type, detail).replaceWithVoid();
        });
    }

    /** Exempts a pending deadline with a reason. */
    public Uni<Exemption> exempt(Ticket t, DeadlineKind kind, String reason, CurrentUser actor, Instant now) {
        return deadlines.ofTicket(t.id, kind).chain(d -> {
            if (d == null) {
                throw Problem.conflict("ticket " + t.number + " has no " + kind + " deadline (category " + t.category + ")");
            }
            if (d.stateAt(now) != DeadlineState.PENDING) {
                throw Problem.conflict("the " + kind + " deadline of ticket " + t.number + " is already "
                        + d.stateAt(now) + "; only a deadline that is pending and not yet due can be exempted"
                        + " (a breach stays on record)");
            }
            d.state = DeadlineState.EXEMPT;
            Exemption e = new Exemption();
            e.ticketId = t.id;
            e.deadlineId = d.id;
            e.kind = kind;
            e.reason = reason.trim();
            e.createdBy = actor.username();
            e.createdAt = now;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("kind", kind);
            detail.put("reason", e.reason);
            detail.put("dueAt", d.dueAt.toString());
            return exemptions.persist(e).call(() -> events.append(t.id, now, actor.username(), "DEADLINE_EXEMPTED", detail));
        });
    }

    /** Kinds still pending on the ticket (they block resolving it). */
    public Uni<List<DeadlineKind>> pending(Ticket t) {
        return deadlines.ofTickets(List.of(t.id))
                .map(ds -> ds.stream().filter(d -> d.state == DeadlineState.PENDING).map(d -> d.kind).toList());
    }

    private Uni<Void> add(Ticket t, DeadlinePolicy.Due due, CurrentUser actor, Instant now) {
        return deadlines.persist(Deadline.pending(t.id, due.kind(), due.dueAt()))
                .call(d -> events.append(t.id, now, actor.username(), "DEADLINE_ADDED",
                        Map.of("kind", due.kind(), "dueAt", due.dueAt().toString(), "shift", t.shift)))
                .replaceWithVoid();
    }
}

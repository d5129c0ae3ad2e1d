package com.evhotline.ticket.service;

import com.evhotline.common.Problem;
import com.evhotline.deadline.repository.DeadlineTimerRepository;
import com.evhotline.security.CurrentUser;
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

/** Resolve, close after the follow-up call, and reopen (supervisors). */
@ApplicationScoped
public class TicketLifecycleService {

    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final DeadlineTimerRepository timers;
    private final Clock clock;

    public TicketLifecycleService(TicketRepository tickets, TicketEventRepository events, TicketDeadlines deadlines,
            DeadlineTimerRepository timers, Clock clock) {
        this.timers = timers;
        this.tickets = tickets;
        this.events = events;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /** Resolves a ticket whose deadlines are all met (on time or late) or exempted. */
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
                    return events.append(t.id, now, actor.username(), "RESOLVED", Map.of("resolution", t.resolution));
                });
    }

    @WithTransaction
    public Uni<Ticket> close(Long id, String note, CurrentUser actor) {
        Instant now = clock.instant();
        return load(id).call(t -> {
            t.status = t.status.afterClose();
            t.closedAt = now;
            t.updatedAt = now;
            Map<String, Object> detail = new LinkedHashMap<>();
            if (note != null && !note.isBlank()) {
                detail.put("followUp", note.trim());
            }
            return events.append(t.id, now, actor.username(), "CLOSED", detail);
        });
    }

    @WithTransaction
    public Uni<Ticket> reopen(Long id, String reason, CurrentUser actor) {
        Instant now = clock.instant();
        return load(id)
                .call(t -> {
                    TicketStatus to = t.status.afterReopen();
                    Map<String, Object> detail = Map.of("reason", reason.trim(), "from", t.status, "to", to);
                    t.status = to;
                    t.resolvedAt = null;
                    t.closedAt = null;
                    t.resolution = null;
                    t.updatedAt = now;
                    return events.append(t.id, now, actor.username(), "REOPENED", detail);
                })
                .call(t -> deadlines.restartReply(t, actor, now))
                .call(t -> timers.resumeEscalation(t.id, now));
    }

    private Uni<Ticket> load(Long id) {
        return tickets.findById(id).onItem().ifNull().failWith(() -> Problem.notFound("ticket", id));
    }
}

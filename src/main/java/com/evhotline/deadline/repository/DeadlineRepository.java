package com.evhotline.deadline.repository;

import com.evhotline.deadline.Deadline;
import com.evhotline.deadline.DeadlineKind;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Deadlines of tickets. */
@ApplicationScoped
@WithSession
public class DeadlineRepository implements PanacheRepository<Deadline> {

    public Uni<List<Deadline>> ofTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 order by ticketId, kind, round desc", ticketIds);
    }

    /**
     * The ticket's current deadline of that kind, row-locked until the transaction ends: the engine
     * claims a timer only with its deadline free, so an act and a breach at one instant cannot both
     * happen.
     */
    public Uni<Deadline> ofTicketForUpdate(Long ticketId, DeadlineKind kind) {
        return find("ticketId = ?1 and kind = ?2 order by round desc", ticketId, kind)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The ticket's current deadline of that kind: the latest round. */
    public Uni<Deadline> ofTicket(Long ticketId, DeadlineKind kind) {
        return find("ticketId = ?1 and kind = ?2 order by round desc", ticketId, kind).firstResult();
    }

    /** The ACKNOWLEDGE deadline of a notice, row-locked as {@link #ofTicketForUpdate} is. */
    public Uni<Deadline> ofNoticeForUpdate(Long noticeId) {
        return find("noticeId = ?1", noticeId).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Every round of the ticket's deadlines of that kind, latest first, row-locked. */
    public Uni<List<Deadline>> ofTicketsForUpdate(Long ticketId, DeadlineKind kind) {
        return find("ticketId = ?1 and kind = ?2 order by round desc", ticketId, kind)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** A new pending deadline of the ticket, written. */
    public Uni<Deadline> open(Long ticketId, DeadlineKind kind, Instant dueAt) {
        return persist(Deadline.pending(ticketId, kind, dueAt));
    }

    /**
     * A deadline of a kind a ticket may owe more than once (a reply after each reopening, the
     * acknowledgement of each notice): the round after the ticket's latest of that kind, written.
     */
    public Uni<Deadline> openNextRound(Long ticketId, DeadlineKind kind, Instant dueAt, Long noticeId) {
        return ofTicket(ticketId, kind).chain(last -> {
            Deadline d = Deadline.pending(ticketId, kind, dueAt);
            d.noticeId = noticeId;
            d.round = last == null ? 1 : last.round + 1;
            return persist(d);
        });
    }

    /** A deadline no longer owed by the ticket's category is withdrawn; its timers go with it (ON DELETE CASCADE). */
    public Uni<Void> withdraw(Deadline d) {
        return delete(d);
    }

    /** Owed again after its exemption was revoked (see {@link Deadline#resume}), written before its timers are. */
    public Uni<Deadline> resume(Deadline d, boolean breachTold) {
        d.resume(breachTold);
        return flush().replaceWith(d);
    }

    /** The act that meets {@code d} at {@code at} (see {@link Deadline#meet}); true if it changed. */
    public boolean meet(Deadline d, Instant at) {
        return d.meet(at);
    }

    /** An act told after it happened at {@code at} (see {@link Deadline#meetAsOf}); true if it changed. */
    public boolean meetAsOf(Deadline d, Instant at) {
        return d.meetAsOf(at);
    }
}

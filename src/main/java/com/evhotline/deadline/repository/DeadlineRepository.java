package com.evhotline.deadline.repository;

import com.evhotline.deadline.Deadline;
import com.evhotline.deadline.DeadlineKind;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
}

package com.evhotline.ticket.repository;

import com.evhotline.ticket.FollowUp;
import com.evhotline.ticket.FollowUpState;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;

/** The follow-up calls tickets owe, one per resolution. */
@ApplicationScoped
@WithSession
public class FollowUpRepository implements PanacheRepository<FollowUp> {

    /** One page of the follow-ups due and the count of all. */
    public record Found(List<FollowUp> items, long total) {
    }

    /** The follow-up of the ticket's latest resolution; null when it was never resolved. */
    public Uni<FollowUp> latestOf(Long ticketId) {
        return find("ticketId = ?1 order by id desc", ticketId).firstResult();
    }

    /** The ticket's follow-up still DUE, locked until the transaction ends (two calls recorded at once queue up). */
    public Uni<FollowUp> dueOf(Long ticketId) {
        return find("ticketId = ?1 and state = ?2", ticketId, FollowUpState.DUE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The follow-ups still DUE whose next call is by {@code dueBy} (null: all of them), the nearest first. */
    public Uni<Found> due(Instant dueBy, int page, int size) {
        var found = dueBy == null ? find("state = ?1", Sort.by("nextCallAt").and("id"), FollowUpState.DUE)
                : find("state = ?1 and nextCallAt <= ?2", Sort.by("nextCallAt").and("id"), FollowUpState.DUE, dueBy);
        return found.page(Page.of(page, size)).list().chain(items -> found.count().map(total -> new Found(items, total)));
    }
}

package com.evhotline.ticket.repository;

import com.evhotline.ticket.FollowUpAttempt;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The calls made for follow-ups, in the order they were made. */
@ApplicationScoped
@WithSession
public class FollowUpAttemptRepository implements PanacheRepository<FollowUpAttempt> {

    public Uni<List<FollowUpAttempt>> of(Collection<Long> followUpIds) {
        return followUpIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("followUpId in ?1 order by id", List.copyOf(followUpIds));
    }
}

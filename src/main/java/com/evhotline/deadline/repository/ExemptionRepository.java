package com.evhotline.deadline.repository;

import com.evhotline.deadline.Exemption;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Exemptions of deadlines, active and revoked. */
@ApplicationScoped
@WithSession
public class ExemptionRepository implements PanacheRepository<Exemption> {

    public Uni<List<Exemption>> activeOfTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 and revokedAt is null", ticketIds);
    }
}

package com.evhotline.call;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Call records (filled by the telephony side). */
@ApplicationScoped
@WithSession
public class CallRecordRepository implements PanacheRepository<CallRecord> {

    public Uni<CallRecord> byLinkedId(String linkedId) {
        return find("linkedId", linkedId).firstResult();
    }

    public Uni<List<CallRecord>> ofTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 order by startedAt", ticketIds);
    }
}

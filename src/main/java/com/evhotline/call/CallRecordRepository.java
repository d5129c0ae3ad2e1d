package com.evhotline.call;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Call records (filled by the telephony side), and the filtered list the API shows. */
@ApplicationScoped
@WithSession
public class CallRecordRepository implements PanacheRepository<CallRecord> {

    /** What a list asks for; nulls mean no filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(Long ticketId, Instant from, Instant to, CallOutcome outcome, Boolean officeHours,
            String callerNumber) {
    }

    /** One page of calls and the count of all that match. */
    public record Found(List<CallRecord> items, long total) {
    }

    public Uni<CallRecord> byLinkedId(String linkedId) {
        return find("linkedId", linkedId).firstResult();
    }

    public Uni<List<CallRecord>> ofTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 order by startedAt", ticketIds);
    }

    /** The calls that match, newest first. */
    public Uni<Found> search(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.ticketId() != null) {
            where.add("ticketId = :ticket");
            params.and("ticket", filter.ticketId());
        }
        if (filter.from() != null) {
            where.add("startedAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("startedAt < :to");
            params.and("to", filter.to());
        }
        if (filter.outcome() != null) {
            where.add("outcome = :outcome");
            params.and("outcome", filter.outcome().name());
        }
        if (filter.officeHours() != null) {
            where.add("officeHours = :office");
            params.and("office", filter.officeHours());
        }
        if (filter.callerNumber() != null) {
            where.add("callerNumber = :caller");
            params.and("caller", filter.callerNumber());
        }
        String query = "from CallRecord c where " + (where.isEmpty() ? "1 = 1" : String.join(" and ", where));
        var found = find(query, Sort.descending("startedAt", "id"), params);
        return found.page(Page.of(page, size)).list()
                .chain(items -> found.count().map(total -> new Found(items, total)));
    }
}

package com.evhotline.call.service;

import com.evhotline.call.CallRecord;
import com.evhotline.call.CallRecordRepository;
import com.evhotline.common.Problem;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Call records as the API reads them, each with the number of its ticket; two queries per page. */
@ApplicationScoped
public class CallQueryService {

    /** A call and its ticket's number (null while the call has no ticket). */
    public record Listed(CallRecord call, String ticketNumber) {
    }

    /** One page of calls and the count of all that match. */
    public record Found(List<Listed> items, long total) {
    }

    private final CallRecordRepository calls;
    private final TicketRepository tickets;

    public CallQueryService(CallRecordRepository calls, TicketRepository tickets) {
        this.calls = calls;
        this.tickets = tickets;
    }

    @WithSession
    public Uni<Found> search(CallRecordRepository.Filter filter, int page, int size) {
        return calls.search(filter, page, size)
                .chain(found -> withNumbers(found.items()).map(items -> new Found(items, found.total())));
    }

    /** One call with its ticket's number; a 404 problem when there is none with that id. */
    @WithSession
    public Uni<Listed> one(long id) {
        return find(id)
                .chain(c -> withNumbers(List.of(c)))
                .map(items -> items.get(0));
    }

    /** One call; a 404 problem when there is none with that id. */
    @WithSession
    public Uni<CallRecord> find(long id) {
        return calls.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("call", id));
    }

    private Uni<List<Listed>> withNumbers(List<CallRecord> found) {
        List<Long> ticketIds = found.stream().map(c -> c.ticketId).filter(Objects::nonNull).distinct().toList();
        return tickets.numbersOf(ticketIds)
                .map(numbers -> listed(found, numbers));
    }

    private static List<Listed> listed(List<CallRecord> found, Map<Long, String> numbers) {
        return found.stream().map(c -> new Listed(c, c.ticketId == null ? null : numbers.get(c.ticketId))).toList();
    }
}

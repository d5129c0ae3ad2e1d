package com.evhotline.call;

import com.evhotline.ticket.TicketCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The call records on tickets, for the tickets' views. */
@ApplicationScoped
public class CallsOfTickets implements TicketCalls {

    private final CallRecordRepository calls;

    public CallsOfTickets(CallRecordRepository calls) {
        this.calls = calls;
    }

    @Override
    public Uni<Map<Long, List<Long>>> callIdsOf(Collection<Long> ticketIds) {
        return calls.ofTickets(ticketIds).map(cs -> cs.stream().collect(Collectors.groupingBy(c -> c.ticketId,
                Collectors.mapping(c -> c.id, Collectors.toList()))));
    }
}

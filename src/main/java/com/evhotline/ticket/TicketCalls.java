package com.evhotline.ticket;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The calls on tickets, as a ticket's view lists them (the calls side provides it). */
public interface TicketCalls {

    /** The ids of the calls on each of these tickets, oldest first; a ticket without calls is absent. */
    Uni<Map<Long, List<Long>>> callIdsOf(Collection<Long> ticketIds);
}

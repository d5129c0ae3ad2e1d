package com.evhotline.ticket.repository;

import com.evhotline.ticket.TicketReply;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Replies recorded on tickets. */
@ApplicationScoped
@WithSession
public class TicketReplyRepository implements PanacheRepository<TicketReply> {

    public Uni<List<TicketReply>> ofTicket(Long ticketId) {
        return list("ticketId = ?1 order by id", ticketId);
    }
}

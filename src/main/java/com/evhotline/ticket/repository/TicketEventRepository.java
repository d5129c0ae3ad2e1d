package com.evhotline.ticket.repository;

import com.evhotline.ticket.TicketEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The append-only ticket history. */
@ApplicationScoped
@WithSession
public class TicketEventRepository implements PanacheRepository<TicketEvent> {

    private final ObjectMapper json;

    public TicketEventRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<TicketEvent> append(Long ticketId, Instant at, String actor, String type, Map<String, ?> detail) {
        TicketEvent e = new TicketEvent();
        e.ticketId = ticketId;
        e.at = at;
        e.actor = actor;
        e.type = type;
        try {
            e.detail = json.writeValueAsString(detail);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("event detail is not serialisable", ex);
        }
        return persist(e);
    }

    public Uni<List<TicketEvent>> ofTicket(Long ticketId) {
        return list("ticketId = ?1 order by id", ticketId);
    }
}

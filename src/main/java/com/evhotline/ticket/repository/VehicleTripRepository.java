package com.evhotline.ticket.repository;

import com.evhotline.ticket.VehicleTrip;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The service vehicle register. */
@ApplicationScoped
@WithSession
public class VehicleTripRepository implements PanacheRepository<VehicleTrip> {

    public Uni<List<VehicleTrip>> ofTicket(Long ticketId) {
        return list("ticketId = ?1 order by departedAt, id", ticketId);
    }

    public Uni<List<VehicleTrip>> ofTickets(java.util.Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 order by departedAt, id", List.copyOf(ticketIds));
    }

    /** When the first vehicle registered for the ticket reached the customer; null before any did. */
    public Uni<java.time.Instant> firstArrival(Long ticketId) {
        return find("ticketId = ?1 and arrivedAt is not null order by arrivedAt", ticketId).firstResult()
                .map(v -> v == null ? null : ((VehicleTrip) v).arrivedAt);
    }
}

package com.evhotline.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One vehicle a station sent out for a ticket (the service vehicle register): its plate and crew, and
 * when it left, reached the customer and came back. The arrival meets a rescue's ARRIVAL deadline.
 */
@Entity
@Table(name = "vehicle_trip")
public class VehicleTrip {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    /** The station that sent it; null for a crew a regional manager sent. */
    @Column(name = "station_id")
    public Long stationId;

    @Column(nullable = false, length = 12)
    public String plate;

    /** The names of who went; a PostgreSQL text array ({@code _text} is its name in the catalogue the schema check reads). */
    @Column(nullable = false, columnDefinition = "_text")
    public String[] crew;

    @Column(name = "departed_at", nullable = false)
    public Instant departedAt;

    @Column(name = "arrived_at")
    public Instant arrivedAt;

    @Column(name = "returned_at")
    public Instant returnedAt;

    @Column(name = "recorded_by", nullable = false, length = 64)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

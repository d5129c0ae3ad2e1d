package com.evhotline.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of a ticket's append-only history: who did what, when. */
@Entity
@Table(name = "ticket_event")
public class TicketEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false, length = 64)
    public String actor;

    @Column(nullable = false, length = 32)
    public String type;

    /** What changed, as a JSON object. */
    @Column(length = 20000)
    public String detail;
}

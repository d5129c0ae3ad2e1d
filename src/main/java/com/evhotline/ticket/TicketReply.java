package com.evhotline.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A reply to the customer; the first one meets the REPLY deadline. */
@Entity
@Table(name = "ticket_reply")
public class TicketReply {

    /** How the customer was answered. */
    public enum Channel { PHONE, SMS, EMAIL, VISIT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Channel channel;

    @Column(nullable = false, length = 10000)
    public String text;

    @Column(name = "replied_at", nullable = false)
    public Instant repliedAt;

    @Column(name = "replied_by", nullable = false, length = 64)
    public String repliedBy;
}

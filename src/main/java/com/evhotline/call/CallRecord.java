package com.evhotline.call;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One inbound call, keyed by Asterisk's linked id, on the ticket it opened or joined. */
@Entity
@Table(name = "call_record")
@org.hibernate.annotations.DynamicUpdate // the AMI side writes other columns of the same row
public class CallRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "linked_id", nullable = false, unique = true, length = 64)
    public String linkedId;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "caller_number", length = 20)
    public String callerNumber;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(nullable = false, length = 16)
    public String outcome;

    @Column(name = "answered_by")
    public Long answeredBy;

    @Column(name = "office_hours", nullable = false)
    public boolean officeHours;

    @Column(length = 255)
    public String recording;

    @Column(length = 8)
    public String route;

    @Column(length = 64)
    public String queue;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "answered_by_name", length = 80)
    public String answeredByName;

    @Column(nullable = false)
    public boolean withheld;

    @Column(nullable = false, length = 8)
    public String source;

    @Column(name = "outcome_applied", nullable = false)
    public boolean outcomeApplied;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

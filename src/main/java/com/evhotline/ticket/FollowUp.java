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

/** The follow-up call one resolution of a ticket owes the customer, and how it ended. */
@Entity
@Table(name = "follow_up")
public class FollowUp {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    /** The resolution it follows; the figures count the follow-up on that day. */
    @Column(name = "resolved_at", nullable = false)
    public Instant resolvedAt;

    /** When the call is owed: a while after the resolution. It stays when a call goes unanswered. */
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    /** When to call next: {@link #dueAt} at first, later again after each call nobody answered. */
    @Column(name = "next_call_at", nullable = false)
    public Instant nextCallAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public FollowUpState state;

    @Column(nullable = false)
    public int attempts;

    /** 1 (very dissatisfied) to 5 (very satisfied): what the customer reached said; null otherwise. */
    @Column
    public Short satisfaction;

    /** Why no call could be made (NOT_POSSIBLE) or why it was cancelled. */
    @Column(length = 2000)
    public String reason;

    @Column(name = "done_at")
    public Instant doneAt;

    @Column(name = "done_by", length = 64)
    public String doneBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

package com.evhotline.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One call made for a follow-up: who called, when, whether the customer answered, and what was said. */
@Entity
@Table(name = "follow_up_attempt")
public class FollowUpAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "follow_up_id", nullable = false)
    public Long followUpId;

    @Column(name = "called_at", nullable = false)
    public Instant calledAt;

    @Column(name = "called_by", nullable = false, length = 64)
    public String calledBy;

    @Column(nullable = false)
    public boolean reached;

    @Column
    public Short satisfaction;

    @Column(length = 2000)
    public String note;
}

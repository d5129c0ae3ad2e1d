package com.evhotline.deadline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recorded decision, with its reason, that a deadline does not apply (the source's special circumstances). */
@Entity
@Table(name = "exemption")
public class Exemption {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    @Column(name = "deadline_id", nullable = false)
    public Long deadlineId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public DeadlineKind kind;

    @Column(nullable = false, length = 2000)
    public String reason;

    @Column(name = "created_by", nullable = false, length = 64)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by", length = 64)
    public String revokedBy;

    @Column(name = "revoke_reason", length = 2000)
    public String revokeReason;

    /** An exemption of a deadline still owed, with why and by whom. */
    public static Exemption of(Deadline d, String reason, String by, Instant at) {
        Exemption e = new Exemption();
        e.ticketId = d.ticketId;
        e.deadlineId = d.id;
        e.kind = d.kind;
        e.reason = reason.trim();
        e.createdBy = by;
        e.createdAt = at;
        return e;
    }

    /** Revoked: the deadline it exempted is owed again. */
    public void revoke(String reason, String by, Instant at) {
        revokedAt = at;
        revokedBy = by;
        revokeReason = reason.trim();
    }
}

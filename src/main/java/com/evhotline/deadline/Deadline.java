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

/** One deadline of a ticket: when it falls due and whether it was met. */
@Entity
@Table(name = "deadline")
public class Deadline {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public DeadlineKind kind;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public DeadlineState state;

    @Column(name = "met_at")
    public Instant metAt;

    /** The notice an ACKNOWLEDGE deadline waits on; null for every other kind. */
    @Column(name = "notice_id")
    public Long noticeId;

    /** 1 when the ticket opened; one more for the REPLY deadline each reopening starts. */
    @Column(nullable = false)
    public int round = 1;

    public static Deadline pending(Long ticketId, DeadlineKind kind, Instant dueAt) {
        Deadline d = new Deadline();
        d.ticketId = ticketId;
        d.kind = kind;
        d.dueAt = dueAt;
        d.state = DeadlineState.PENDING;
        return d;
    }

    /**
     * Records the act that meets it; an act after the due instant leaves it BREACHED with its metAt
     * (also when the engine already marked the breach). True if it changed.
     */
    public boolean meet(Instant at) {
        if (state == DeadlineState.BREACHED && metAt == null) {
            metAt = at;
            return true;
        }
        if (state != DeadlineState.PENDING) {
            return false;
        }
        metAt = at;
        state = at.isAfter(dueAt) ? DeadlineState.BREACHED : DeadlineState.MET;
        return true;
    }

    /**
     * Records an act that happened at {@code at}, told afterwards (a vehicle's arrival registered by its
     * crew later): an act by the due instant meets the deadline even if its breach was told meanwhile,
     * since the breach was only the register lagging; an act earlier than the one recorded replaces it.
     * True if it changed.
     */
    public boolean meetAsOf(Instant at) {
        boolean earlier = metAt != null && at.isBefore(metAt)
                && (state == DeadlineState.MET || state == DeadlineState.BREACHED); // an earlier act told later
        if ((state == DeadlineState.BREACHED && metAt == null) || earlier) {
            metAt = at;
            state = at.isAfter(dueAt) ? DeadlineState.BREACHED : DeadlineState.MET;
            return true;
        }
        return meet(at);
    }

    /** Exempted: no longer owed, its escalation stops (a breach stays on record in the exemption). */
    public void exempt() {
        state = DeadlineState.EXEMPT;
    }

    /**
     * Owed again after its exemption was revoked: breached at once if its breach was told before the
     * exemption, else pending (its breach, if now past, fires at once).
     */
    public void resume(boolean breachTold) {
        state = breachTold ? DeadlineState.BREACHED : DeadlineState.PENDING;
    }

    /** The state as of {@code now}: a pending deadline whose instant has passed reads BREACHED. */
    public DeadlineState stateAt(Instant now) {
        return state == DeadlineState.PENDING && now.isAfter(dueAt) ? DeadlineState.BREACHED : state;
    }
}

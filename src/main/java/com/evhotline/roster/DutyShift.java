package com.evhotline.roster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Someone on duty from start to end at a place in the call order; an override wins over a regular shift. */
@Entity
@Table(name = "roster_shift")
public class DutyShift {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "staff_id", nullable = false)
    public Long staffId;

    @Column(name = "start_at", nullable = false)
    public Instant startAt;

    @Column(name = "end_at", nullable = false)
    public Instant endAt;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public boolean override;

    @Column(length = 200)
    public String note;

    @Column(name = "created_by", nullable = false, length = 64)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * Set when a supervisor cancelled the shift (entered by mistake): cancelled before it began, it never
     * counts; while running, it ended then ({@link #plannedEndAt} keeps the end it had).
     */
    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "planned_end_at")
    public Instant plannedEndAt;

    @Column(name = "cancelled_by", length = 64)
    public String cancelledBy;

    @Column(name = "cancel_reason", length = 200)
    public String cancelReason;

    public boolean covers(Instant at) {
        return !at.isBefore(startAt) && at.isBefore(endAt);
    }
}

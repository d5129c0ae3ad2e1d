package com.evhotline.ticket;

import com.evhotline.calendar.Shift;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A customer's matter, opened for every call or by hand, with its deadlines and its history. */
@Entity
@Table(name = "ticket")
public class Ticket {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 32)
    public String number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TicketStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Category category;

    @Column(name = "caller_number", length = 20)
    public String callerNumber;

    @Column(name = "customer_id")
    public Long customerId;

    @Column(name = "customer_name", length = 200)
    public String customerName;

    @Column(name = "vehicle_id")
    public Long vehicleId;

    @Column(length = 17)
    public String vin;

    @Column(length = 10000)
    public String description;

    /** What is wrong with the vehicle in a few words ("电池无法充电"): what batch quality problems are matched on. */
    @Column(length = 200)
    public String fault;

    /** When the fault was last recorded; null without one. */
    @Column(name = "fault_at")
    public Instant faultAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Shift shift;

    @Column(name = "office_hours", nullable = false)
    public boolean officeHours;

    /** Where a stranded vehicle stands, as the notice sending the rescue gave it; null until then. */
    @Enumerated(EnumType.STRING)
    @Column(name = "distance_band", length = 16)
    public com.evhotline.deadline.DistanceBand distanceBand;

    @Column(name = "assignee_id")
    public Long assigneeId;

    @Column(length = 10000)
    public String resolution;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public int version;
}

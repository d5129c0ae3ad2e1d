package com.evhotline.dispatch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A work-instruction notice to a service station or a regional manager; issuing it meets DISPATCH. */
@Entity
@Table(name = "dispatch_notice")
public class DispatchNotice {

    /** Issued by the centre, then acknowledged by the station or manager. */
    public enum State { ISSUED, ACKNOWLEDGED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "ticket_id", nullable = false)
    public Long ticketId;

    @Column(name = "station_id")
    public Long stationId;

    @Column(name = "staff_id")
    public Long staffId;

    @Column(nullable = false, length = 10000)
    public String instruction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "issued_by", nullable = false, length = 64)
    public String issuedBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by", length = 64)
    public String acknowledgedBy;
}

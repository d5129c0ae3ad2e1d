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

/** A station's report of what its crew did on a notice; the ticket's history carries it too. */
@Entity
@Table(name = "notice_report")
public class NoticeReport {

    /** How far the work on the notice has got. */
    public enum Kind { ON_THE_WAY, ARRIVED, FIXED, NEEDS_PARTS }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "notice_id", nullable = false)
    public Long noticeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 12)
    public Kind kind;

    @Column(length = 2000)
    public String note;

    @Column(name = "reported_by", nullable = false, length = 64)
    public String reportedBy;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;
}

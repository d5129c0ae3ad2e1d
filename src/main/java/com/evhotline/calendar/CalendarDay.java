package com.evhotline.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A date marked as a public holiday or a make-up working day. */
@Entity
@Table(name = "calendar_day")
public class CalendarDay {

    @Id
    public LocalDate day;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public DayType type;

    @Column(length = 200)
    public String note;

    @Column(name = "created_by", nullable = false, length = 64)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

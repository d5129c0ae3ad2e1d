package com.evhotline.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of the outbox for one person and channel; WEB ones are that person's inbox. */
@Entity
@Table(name = "notification")
public class Notification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false, length = 64)
    public String source;

    @Column(nullable = false, length = 24)
    public String kind;

    @Column(nullable = false, length = 8)
    public String channel;

    @Column(name = "recipient_staff_id")
    public Long recipientStaffId;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "deadline_id")
    public Long deadlineId;

    @Column(nullable = false, length = 500)
    public String subject;

    @Column(nullable = false, length = 12)
    public String state;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "read_at")
    public Instant readAt;
}

package com.evhotline.staff;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person of the service: agent, on-duty, supervisor, leader, regional or station manager, admin. */
@Entity
@Table(name = "staff")
public class Staff {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 20)
    public String mobile;

    @Column(length = 254)
    public String email;

    @Column(length = 100)
    public String region;

    @Column(name = "station_id")
    public Long stationId;

    /** The person's phone as the PBX names it ({@link Devices}), or null. */
    @Column(length = 100)
    public String device;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

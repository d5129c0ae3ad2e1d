package com.evhotline.station;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A service station that receives work-instruction notices. */
@Entity
@Table(name = "station")
public class Station {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 32)
    public String code;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(length = 100)
    public String region;

    @Column(length = 20)
    public String phone;

    @Column(name = "manager_staff_id")
    public Long managerStaffId;

    @Column(length = 500)
    public String address;

    @Column(nullable = false)
    public boolean active = true;

    /** The channels its notices go by beside the web inbox, instead of the configured plan; null: the plan. */
    @Column(name = "preferred_channels", columnDefinition = "_text")
    public String[] preferredChannels;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

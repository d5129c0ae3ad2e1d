package com.evhotline.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A vehicle by VIN, linked to the customer who last reported it. */
@Entity
@Table(name = "vehicle")
public class Vehicle {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 17)
    public String vin;

    @Column(name = "customer_id")
    public Long customerId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

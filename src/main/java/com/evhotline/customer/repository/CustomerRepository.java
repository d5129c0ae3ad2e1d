package com.evhotline.customer.repository;

import com.evhotline.customer.Customer;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Customers and their vehicles, found or created in one statement so concurrent calls agree. */
@ApplicationScoped
@WithSession
public class CustomerRepository implements PanacheRepository<Customer> {

    /** The customer's id; a name given now replaces the one on record. */
    public Uni<Long> upsert(String phone, String name, Instant now) {
        return getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO customer (phone, name, created_at, updated_at) VALUES (?1, CAST(?2 AS varchar), ?3, ?3)
                        ON CONFLICT (phone) DO UPDATE SET name = coalesce(excluded.name, customer.name),
                                                          updated_at = excluded.updated_at
                        RETURNING id""", Long.class)
                .setParameter(1, phone)
                .setParameter(2, name)
                .setParameter(3, now.atOffset(java.time.ZoneOffset.UTC))
                .getSingleResult());
    }

    /** The vehicle's id, now linked to this customer. */
    public Uni<Long> upsertVehicle(String vin, Long customerId, Instant now) {
        return getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO vehicle (vin, customer_id, created_at) VALUES (?1, CAST(?2 AS bigint), ?3)
                        ON CONFLICT (vin) DO UPDATE SET customer_id = coalesce(excluded.customer_id, vehicle.customer_id)
                        RETURNING id""", Long.class)
                .setParameter(1, vin)
                .setParameter(2, customerId)
                .setParameter(3, now.atOffset(java.time.ZoneOffset.UTC))
                .getSingleResult());
    }
}

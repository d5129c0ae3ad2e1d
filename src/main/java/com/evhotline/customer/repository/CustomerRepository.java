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

    /**
     * The CTEs {@code cu} (customers by phone, answering id and phone: a name given replaces the one on
     * record) and {@code ve} (vehicles by VIN, linked to their customer, answering id and VIN) for the rows
     * of relation {@code source}, which has columns c (phone, E.164 or null), nm (name or null) and v (VIN or
     * null); {@code $1} is the instant. Each ends in a comma. Rows are written in key order, so concurrent
     * writers lock them alike.
     */
    public static String upsertCtes(String source) {
        return """
                cu AS (
                    INSERT INTO customer (phone, name, created_at, updated_at)
                    SELECT DISTINCT ON (x.c) x.c, x.nm, $1::timestamptz, $1::timestamptz
                      FROM %1$s x WHERE x.c IS NOT NULL ORDER BY x.c, x.nm NULLS LAST
                    ON CONFLICT (phone) DO UPDATE SET name = coalesce(excluded.name, customer.name),
                                                      updated_at = excluded.updated_at
                    RETURNING id, phone),
                ve AS (
                    INSERT INTO vehicle (vin, customer_id, created_at)
                    SELECT DISTINCT ON (x.v) x.v, cu.id, $1::timestamptz
                      FROM %1$s x LEFT JOIN cu ON cu.phone = x.c WHERE x.v IS NOT NULL ORDER BY x.v
                    ON CONFLICT (vin) DO UPDATE SET customer_id = coalesce(excluded.customer_id, vehicle.customer_id)
                    RETURNING id, vin),
                """.formatted(source);
    }

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

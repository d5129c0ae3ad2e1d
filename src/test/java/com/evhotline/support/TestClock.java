package com.evhotline.support;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clock tests drive: it stands still until a test sets or advances it. Replaces the system clock. It reads
 * {@code test.clock.start} when the service starts, so a test profile can start the service at a time of its own.
 */
@Singleton
public class TestClock extends Clock {

    private static final String START = "2026-11-27T02:00:00Z";

    private final AtomicReference<Instant> now;

    /** A clock at the usual start, for tests without Quarkus. */
    public TestClock() {
        this(START);
    }

    @Inject
    public TestClock(@ConfigProperty(name = "test.clock.start", defaultValue = START) String start) {
        now = new AtomicReference<>(java.time.OffsetDateTime.parse(start).toInstant());
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void set(String isoWithOffset) {
        now.set(java.time.OffsetDateTime.parse(isoWithOffset).toInstant());
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

package com.evhotline.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The clock tests drive: it stands still until a test sets or advances it. Replaces the system clock. */
@Singleton
public class TestClock extends Clock {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T02:00:00Z"));

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

package com.evhotline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evhotline.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An address that keeps guessing is turned away for a while, doubling; password checks run a few at a time. */
class LoginGuardTest {

    private final TestClock clock = new TestClock();

    private LoginGuard guard(int failures) {
        return new LoginGuard(clock, failures);
    }

    @Test
    void anAddressIsTurnedAwayAfterItsFailuresForLongerEachTime() {
        clock.set("2031-01-01T00:00:00Z");
        LoginGuard guard = guard(20);
        for (int i = 0; i < 19; i++) {
            guard.failed("192.0.2.7");
        }
        assertNull(guard.blockedUntil("192.0.2.7"), "19 failures: may still try");
        guard.failed("192.0.2.7");
        assertEquals(Instant.parse("2031-01-01T00:05:00Z"), guard.blockedUntil("192.0.2.7"));
        assertEquals(java.util.List.of(new LoginGuard.Blocked("192.0.2.7", Instant.parse("2031-01-01T00:05:00Z"), 1)),
                guard.blocked(), "what the administrators see");
        assertNull(guard.blockedUntil("192.0.2.8"), "another address is not affected");
        clock.advance(Duration.ofMinutes(5));
        assertNull(guard.blockedUntil("192.0.2.7"));
        for (int i = 0; i < 20; i++) {
            guard.failed("192.0.2.7");
        }
        assertEquals(Instant.parse("2031-01-01T00:15:00Z"), guard.blockedUntil("192.0.2.7"), "ten minutes the second time");
        assertEquals(Duration.ofHours(1), LoginGuard.doubling(LoginGuard.ADDRESS_BLOCK, 10), "at most an hour");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        clock.set("2031-01-01T00:00:00Z");
        LoginGuard guard = guard(20);
        for (int i = 0; i < 19; i++) {
            guard.failed("192.0.2.9");
        }
        clock.advance(Duration.ofMinutes(11));
        guard.failed("192.0.2.9");
        assertNull(guard.blockedUntil("192.0.2.9"), "the earlier 19 were more than 10 minutes ago");
        for (int i = 0; i < 18; i++) {
            guard.failed("192.0.2.9");
        }
        assertNull(guard.blockedUntil("192.0.2.9"), "19 within this window");
        guard.failed("192.0.2.9");
        assertNotNull(guard.blockedUntil("192.0.2.9"), "the 20th within the window");
    }

    @Test
    void atMostTwoPasswordChecksRunAtOnce() throws Exception {
        LoginGuard guard = guard(20);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> {
                assertNotNull(guard.check(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(50); // the length of a bcrypt check
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return true;
                }));
                done.countDown();
            });
            t.start();
        }
        done.await();
        assertEquals(LoginGuard.CHECKS, most.get());
    }
}

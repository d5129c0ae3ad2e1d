package com.evhotline.support.agi;

import java.time.Duration;

/** A point in time after which a client stops waiting. */
record Deadline(long nanos) {

    static Deadline after(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, not " + timeout);
        }
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** Milliseconds left, at least 1 (0 would mean "wait forever" to a socket); 0 only once passed. */
    int remainingMillis() {
        long left = nanos - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }
}

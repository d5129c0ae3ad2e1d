package com.evhotline.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, with a bound, for what another thread writes (the PBX side works asynchronously); never a fixed sleep. */
public final class Await {

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    /** Returns once {@code done} holds; fails naming {@code what} after {@code bound}. */
    public static void until(String what, Duration bound, BooleanSupplier done) {
        if (value(() -> done.getAsBoolean() ? Boolean.TRUE : null, bound) == null) {
            throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
        }
    }

    /** The first non-null value {@code read} gives within {@code bound}, or null. */
    public static <T> T value(Supplier<T> read, Duration bound) {
        long until = System.nanoTime() + bound.toNanos();
        while (true) {
            T v = read.get();
            if (v != null || System.nanoTime() > until) {
                return v;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}

package com.evhotline.support;

import java.util.concurrent.atomic.AtomicLong;

/** Distinct caller numbers, so tests sharing one database do not see each other's tickets. */
public final class Numbers {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() % 10_000_000L * 10);

    private Numbers() {
    }

    /** A national mobile number such as {@code 13712345678}. */
    public static String national() {
        return "137" + String.format("%08d", NEXT.incrementAndGet() % 100_000_000L);
    }

    public static String e164(String national) {
        return "+86" + national;
    }
}

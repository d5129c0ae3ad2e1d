package com.evhotline.console;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** A time as the pages show it, to the minute, in the hotline's zone (as the API gives it). */
public final class Shown {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Shown() {
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** The value of a {@code datetime-local} field. */
    public static String local(OffsetDateTime at) {
        return at == null ? null : LOCAL.format(at);
    }

    public static String at(OffsetDateTime at) {
        return at == null ? null : MINUTE.format(at);
    }
}

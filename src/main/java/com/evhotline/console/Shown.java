package com.evhotline.console;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** A time as the pages show it, to the minute, in the hotline's zone (as the API gives it). */
public final class Shown {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Shown() {
    }

    public static String at(OffsetDateTime at) {
        return at == null ? null : MINUTE.format(at);
    }
}

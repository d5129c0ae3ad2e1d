package com.evhotline.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Times on the wire: ISO-8601 with an offset, shown in the service's zone. */
public final class WireTime {

    private WireTime() {
    }

    public static OffsetDateTime show(Instant at, ZoneId zone) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime();
    }

    /** Parses a query parameter, or answers {@code fallback} when it was not given. */
    public static Instant parseOr(String field, String value, Instant fallback) {
        return value == null || value.isBlank() ? fallback : parse(field, value);
    }

    /** Parses a query parameter; a '+' that a client left unencoded arrives as a space. */
    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.invalid(field + ": expected an ISO-8601 time with an offset, like 2026-11-27T08:30:00+08:00, got '"
                    + value + "'");
        }
        if (!BusinessDates.accepts(at)) {
            throw Problem.invalid(field + ": " + value + " " + BusinessDates.RANGE);
        }
        return at;
    }
}

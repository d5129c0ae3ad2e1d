package com.evhotline.call;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jboss.logging.Logger;

/**
 * The routing instant the script tells a call's channel in {@code HOTLINE_ROUTED_AT} (ISO-8601, UTC), so that
 * the AMI side, when it writes the call first, takes the call's office hours and its ticket's shift from the
 * very instant the script decided them.
 */
public final class RoutedAt {

    private static final Logger LOG = Logger.getLogger(RoutedAt.class);
    /** Further than this from the channel's own clock, a value is no routing instant of a live call. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private RoutedAt() {
    }

    /** The value to set on the channel. */
    public static String show(Instant at) {
        return at.toString();
    }

    /** The instant in a value the PBX reported, or null (logged) when it holds none. */
    static Instant parse(String value) {
        try {
            Instant at = Instant.parse(value == null ? "" : value.trim());
            if (at.isBefore(EARLIEST) || !at.isBefore(LATEST)) {
                throw new DateTimeParseException("outside 2000-2100", value, 0);
            }
            return at;
        } catch (DateTimeParseException e) {
            LOG.warnf("HOTLINE_ROUTED_AT='%s' is no ISO-8601 instant in 2000-2100: the call's start stands in", value);
            return null;
        }
    }
}

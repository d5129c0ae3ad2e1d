package com.evhotline.deadline;

import com.evhotline.calendar.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which deadlines a ticket gets and when they fall due (rule 6.1.4 item 5): REPLY for every ticket,
 * DISPATCH for all but inquiries; DAY 30/60 minutes, NIGHT 60/120 by default. Elapsed time, not
 * business time: the hotline runs day and night. A RESCUE ticket's ARRIVAL falls due its distance
 * band's rescue time after the call.
 */
public final class DeadlinePolicy {

    /** The windows, from receipt of the call; the rescue time of each distance band. */
    public record Windows(Duration dayReply, Duration dayDispatch, Duration nightReply, Duration nightDispatch,
            Duration acknowledge, Map<DistanceBand, Duration> arrival) {

        public Windows {
            for (DistanceBand band : DistanceBand.values()) {
                if (!arrival.containsKey(band)) {
                    throw new IllegalArgumentException("no rescue time for distance band " + band);
                }
            }
            arrival = Map.copyOf(arrival);
        }
    }

    /** A deadline a ticket should carry. */
    public record Due(DeadlineKind kind, Instant dueAt) {
    }

    private final Windows windows;

    public DeadlinePolicy(Windows windows) {
        this.windows = windows;
    }

    /** The deadlines of a ticket received then, in that shift; {@code needsDispatch} as its category says. */
    public List<Due> deadlinesFor(boolean needsDispatch, Shift shift, Instant receivedAt) {
        List<Due> due = new ArrayList<>(2);
        due.add(new Due(DeadlineKind.REPLY, dueAt(DeadlineKind.REPLY, shift, receivedAt)));
        if (needsDispatch) {
            due.add(new Due(DeadlineKind.DISPATCH, dueAt(DeadlineKind.DISPATCH, shift, receivedAt)));
        }
        return due;
    }

    public Instant dueAt(DeadlineKind kind, Shift shift, Instant receivedAt) {
        return receivedAt.plus(window(kind, shift));
    }

    /** The window of a deadline (ACKNOWLEDGE's from the notice's issue); an ARRIVAL's depends on its distance band. */
    public Duration window(DeadlineKind kind, Shift shift) {
        boolean day = shift == Shift.DAY;
        return switch (kind) {
            case REPLY -> day ? windows.dayReply() : windows.nightReply();
            case DISPATCH -> day ? windows.dayDispatch() : windows.nightDispatch();
            case ACKNOWLEDGE -> windows.acknowledge();
            case ARRIVAL -> throw new IllegalArgumentException("an ARRIVAL window depends on the distance band");
        };
    }

    /** The rescue time of a distance band: from receipt of the call to the vehicle's arrival, day or night. */
    public Duration arrivalWindow(DistanceBand band) {
        return windows.arrival().get(band);
    }
}

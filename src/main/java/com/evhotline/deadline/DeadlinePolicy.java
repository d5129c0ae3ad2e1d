package com.evhotline.deadline;

import com.evhotline.calendar.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which deadlines a ticket gets and when they fall due (rule 6.1.4 item 5): REPLY for every ticket,
 * DISPATCH for all but inquiries; DAY 30/60 minutes, NIGHT 60/120 by default. Elapsed time, not
 * business time: the hotline runs day and night.
 */
public final class DeadlinePolicy {

    /** The windows, from receipt of the call. */
    public record Windows(Duration dayReply, Duration dayDispatch, Duration nightReply, Duration nightDispatch) {
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

    public Duration window(DeadlineKind kind, Shift shift) {
        boolean day = shift == Shift.DAY;
        return switch (kind) {
            case REPLY -> day ? windows.dayReply() : windows.nightReply();
            case DISPATCH -> day ? windows.dayDispatch() : windows.nightDispatch();
        };
    }
}

package com.evhotline.quality;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Which days' reports are due: a day's report is due from the report time of the next day on. Every day of the
 * catch-up window (the last {@code catchUp} due days) whose report is not kept is due, oldest first, so a day
 * missed by a downtime or whose report failed is made at a later run; older ones are made on demand. A site
 * owes no history from before its first report: with none kept, only the latest day is due.
 */
public final class ReportDays {

    /** The days to make now, oldest first, and the missed days before the window, left to be made on demand. */
    public record Due(List<LocalDate> make, LocalDate skippedFrom, LocalDate skippedTo) {
    }

    private ReportDays() {
    }

    /** The latest day whose report is due at {@code now} (local time in the report's zone). */
    public static LocalDate latestDue(ZonedDateTime now, LocalTime at) {
        LocalDate today = now.toLocalDate();
        return now.toLocalTime().isBefore(at) ? today.minusDays(2) : today.minusDays(1);
    }

    /** The first day of the catch-up window that ends with {@code latest}. */
    public static LocalDate windowStart(LocalDate latest, int catchUp) {
        return latest.minusDays(catchUp - 1L);
    }

    /**
     * The reports due at {@code now}, given the days kept: those of the window and the last one before it (more
     * may be given; they change nothing). Names the days skipped when no day of the window is kept yet and days
     * are missing between the last one kept and the window: a downtime longer than the window.
     */
    public static Due due(ZonedDateTime now, LocalTime at, NavigableSet<LocalDate> made, int catchUp) {
        LocalDate latest = latestDue(now, at);
        LocalDate first = windowStart(latest, catchUp);
        LocalDate before = made.lower(first);
        NavigableSet<LocalDate> within = made.subSet(first, true, latest, true);
        LocalDate from = before != null ? first : within.isEmpty() ? latest : within.first();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(latest); d = d.plusDays(1)) {
            if (!within.contains(d)) {
                days.add(d);
            }
        }
        boolean skipped = before != null && within.isEmpty() && before.isBefore(first.minusDays(1));
        return new Due(days, skipped ? before.plusDays(1) : null, skipped ? first.minusDays(1) : null);
    }
}

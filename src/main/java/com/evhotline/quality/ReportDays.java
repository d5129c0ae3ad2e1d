package com.evhotline.quality;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which days' reports are due: a day's report is due from the report time of the next day on. After a downtime
 * the days missed since the last report made are due too, oldest first, at most {@code catchUp} of them (older
 * ones are made on demand); with no report made before, only the latest day (a new site owes no history).
 */
public final class ReportDays {

    /** The days to make now, oldest first, and the missed days left to be made on demand. */
    public record Due(List<LocalDate> make, LocalDate skippedFrom, LocalDate skippedTo) {
    }

    private ReportDays() {
    }

    /** The latest day whose report is due at {@code now} (local time in the report's zone). */
    public static LocalDate latestDue(ZonedDateTime now, LocalTime at) {
        LocalDate today = now.toLocalDate();
        return now.toLocalTime().isBefore(at) ? today.minusDays(2) : today.minusDays(1);
    }

    /**
     * The reports due at {@code now}, given the last day made on or before the latest due day ({@code null}:
     * none). Answers nothing to make when that day is made.
     */
    public static Due due(ZonedDateTime now, LocalTime at, LocalDate lastMade, int catchUp) {
        LocalDate latest = latestDue(now, at);
        if (lastMade != null && !lastMade.isBefore(latest)) {
            return new Due(List.of(), null, null);
        }
        LocalDate from = lastMade == null ? latest : lastMade.plusDays(1);
        LocalDate earliestMade = latest.minusDays(catchUp - 1L);
        LocalDate skippedFrom = null;
        LocalDate skippedTo = null;
        if (from.isBefore(earliestMade)) {
            skippedFrom = from;
            skippedTo = earliestMade.minusDays(1);
            from = earliestMade;
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(latest); d = d.plusDays(1)) {
            days.add(d);
        }
        return new Due(days, skippedFrom, skippedTo);
    }
}

package com.evhotline.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * People taking turns at one position, handing over at a fixed local (wall-clock) time every
 * {@code periodDays} days, the first member starting on {@code startDate}.
 */
public record Rotation(long id, String name, int position, LocalTime handover, int periodDays, LocalDate startDate,
        List<Long> members, Instant endedAt) {

    /** Whose turn it is at an instant; empty before the rotation starts and from its end on. */
    public Optional<Long> memberAt(Instant at, ZoneId zone) {
        if (endedAt != null && !at.isBefore(endedAt)) {
            return Optional.empty();
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate turnDay = local.toLocalTime().isBefore(handover) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        long days = ChronoUnit.DAYS.between(startDate, turnDay);
        if (days < 0) {
            return Optional.empty();
        }
        return Optional.of(members.get((int) ((days / periodDays) % members.size())));
    }
}

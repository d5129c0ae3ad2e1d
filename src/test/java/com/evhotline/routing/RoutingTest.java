package com.evhotline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.WeeklyHours;
import com.evhotline.roster.RosterService.OnDuty;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The routing decision from the calendar and the chain alone. */
class RoutingTest {

    static final ServiceCalendar CALENDAR = new ServiceCalendar(ZoneId.of("Asia/Shanghai"),
            WeeklyHours.parse("MON-FRI 08:30-17:30"), WeeklyHours.parseRanges("08:30-17:30"), Optional.empty(), Map.of());

    @Test
    void shouldSayWhenNobodyIsOnDutyAndWhenAnOverrideIsInForce() {
        Routing empty = Routing.decide(Instant.parse("2026-11-27T12:00:00Z"), CALENDAR, List.of(), "hotline");
        assertEquals(Routing.Route.FORWARD, empty.route());
        assertNull(empty.queue());
        assertTrue(empty.reason().contains("nobody on duty"), empty.reason());
        Routing swapped = Routing.decide(Instant.parse("2026-11-27T02:00:00Z"), CALENDAR,
                List.of(new OnDuty(7, "Li", "+8613900000007", 1, true)), "hotline");
        assertEquals(Routing.Route.QUEUE, swapped.route());
        assertEquals("hotline", swapped.queue());
        assertTrue(swapped.reason().contains("override"), swapped.reason());
    }
}

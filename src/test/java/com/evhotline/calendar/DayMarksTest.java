package com.evhotline.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A date's hours as its mark makes them, and a mark taken away giving the weekly pattern back. */
class DayMarksTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Wednesday 11 March 2048, an ordinary working day. */
    private static final LocalDate WEDNESDAY = LocalDate.of(2048, 3, 11);
    /** Sunday 15 March 2048. */
    private static final LocalDate SUNDAY = LocalDate.of(2048, 3, 15);

    private final ServiceCalendar calendar = new ServiceCalendar(SHANGHAI, WeeklyHours.parse("MON-FRI 08:30-17:30"),
            WeeklyHours.parseRanges("09:00-12:00"), Optional.empty(), Map.of());

    private static WeeklyHours.Range range(String start, String end) {
        return new WeeklyHours.Range(LocalTime.parse(start), LocalTime.parse(end));
    }

    @Test
    void shouldGiveEachDateTheHoursItsMarkMakes() {
        assertEquals(List.of(range("08:30", "17:30")), calendar.officeHoursOn(WEDNESDAY));
        assertEquals(List.of(), calendar.officeHoursOn(SUNDAY));
        assertEquals(List.of(), calendar.withDay(WEDNESDAY, DayType.HOLIDAY).officeHoursOn(WEDNESDAY));
        assertEquals(List.of(range("09:00", "12:00")), calendar.withDay(SUNDAY, DayType.WORKDAY).officeHoursOn(SUNDAY));
    }

    @Test
    void shouldGiveTheWeeklyHoursBackWhenAMarkIsTakenAway() {
        var tenOClock = WEDNESDAY.atTime(10, 0).atZone(SHANGHAI).toInstant();
        ServiceCalendar holiday = calendar.withDay(WEDNESDAY, DayType.HOLIDAY);
        assertFalse(holiday.isOfficeHours(tenOClock));

        ServiceCalendar unmarked = holiday.withoutDay(WEDNESDAY);
        assertTrue(unmarked.isOfficeHours(tenOClock));
        assertEquals(Optional.empty(), unmarked.markOn(WEDNESDAY));
        assertEquals(Shift.DAY, unmarked.shiftAt(tenOClock));
        assertEquals(Optional.of(DayType.HOLIDAY), holiday.markOn(WEDNESDAY), "a calendar never changes");
    }
}

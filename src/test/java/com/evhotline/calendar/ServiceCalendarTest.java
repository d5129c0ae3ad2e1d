package com.evhotline.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The shift rule: office hours decide routing, the day window decides a ticket's deadlines. */
class ServiceCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Friday 27 November 2026: an ordinary working day. */
    private static final LocalDate WORKING_FRIDAY = LocalDate.of(2026, 11, 27);
    /** Saturday 28 November 2026: an ordinary weekend day. */
    private static final LocalDate SATURDAY = LocalDate.of(2026, 11, 28);
    /** Thursday 1 October 2026: National Day, a public holiday on a weekday. */
    private static final LocalDate NATIONAL_DAY = LocalDate.of(2026, 10, 1);
    /** Saturday 10 October 2026: a make-up working day. */
    private static final LocalDate MAKEUP_SATURDAY = LocalDate.of(2026, 10, 10);

    /** The defaults: MON-FRI 08:30-17:30, make-up days 08:30-17:30, day window = office hours. */
    private static ServiceCalendar defaults(ZoneId zone) {
        return new ServiceCalendar(zone, WeeklyHours.parse("MON-FRI 08:30-17:30"),
                WeeklyHours.parseRanges("08:30-17:30"), Optional.empty(), Map.of());
    }

    private static ServiceCalendar withDayWindow(String window) {
        return new ServiceCalendar(SHANGHAI, WeeklyHours.parse("MON-FRI 08:30-17:30"),
                WeeklyHours.parseRanges("08:30-17:30"), Optional.of(WeeklyHours.parse(window)), Map.of());
    }

    private static Instant at(LocalDate date, String time, ZoneId zone) {
        return LocalDateTime.of(date, java.time.LocalTime.parse(time)).atZone(zone).toInstant();
    }

    private static Instant shanghai(LocalDate date, String time) {
        return at(date, time, SHANGHAI);
    }

    @Nested
    class OfficeHoursOnAWorkingDayInShanghai {

        private final ServiceCalendar calendar = defaults(SHANGHAI);

        @Test
        void shouldBeNightAt082959AndDayAt083000() {
            Instant before = shanghai(WORKING_FRIDAY, "08:29:59");
            Instant opening = shanghai(WORKING_FRIDAY, "08:30:00");

            assertFalse(calendar.isOfficeHours(before));
            assertEquals(Shift.NIGHT, calendar.shiftAt(before));
            assertTrue(calendar.isOfficeHours(opening));
            assertEquals(Shift.DAY, calendar.shiftAt(opening));
        }

        @Test
        void shouldBeDayAt172959AndNightAt173000() {
            Instant lastSecond = shanghai(WORKING_FRIDAY, "17:29:59");
            Instant closing = shanghai(WORKING_FRIDAY, "17:30:00");

            assertTrue(calendar.isOfficeHours(lastSecond));
            assertEquals(Shift.DAY, calendar.shiftAt(lastSecond));
            assertFalse(calendar.isOfficeHours(closing));
            assertEquals(Shift.NIGHT, calendar.shiftAt(closing));
        }

        @Test
        void shouldReadTheInstantInTheServiceZoneNotInUtc() {
            // 00:30Z is 08:30 in Shanghai (UTC+8): inside office hours although it is past midnight in UTC.
            Instant utc = Instant.parse("2026-11-27T00:30:00Z");
            assertTrue(calendar.isOfficeHours(utc));
            // 09:30Z is 17:30 in Shanghai: closed.
            assertFalse(calendar.isOfficeHours(Instant.parse("2026-11-27T09:30:00Z")));
        }

        @Test
        void shouldBeNightAndClosedOnAnOrdinarySaturday() {
            Instant saturdayMorning = shanghai(SATURDAY, "10:00");
            assertFalse(calendar.isOfficeHours(saturdayMorning));
            assertEquals(Shift.NIGHT, calendar.shiftAt(saturdayMorning));
        }

        @Test
        void shouldSayInsideOrOutsideOfficeHoursOnAnUnmarkedDay() {
            assertEquals("inside office hours", calendar.reasonAt(shanghai(WORKING_FRIDAY, "10:00")));
            assertEquals("outside office hours", calendar.reasonAt(shanghai(WORKING_FRIDAY, "20:00")));
        }

        @Test
        void shouldReportTheZoneItWasBuiltWith() {
            assertEquals(SHANGHAI, calendar.zone());
        }
    }

    @Nested
    class HolidaysAndMakeUpDays {

        @Test
        void shouldBeNightAndClosedAllDayOnAWeekdayHoliday() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(NATIONAL_DAY, DayType.HOLIDAY);

            for (String time : List.of("08:30", "10:00", "17:29:59")) {
                Instant at = shanghai(NATIONAL_DAY, time);
                assertFalse(calendar.isOfficeHours(at), "holiday at " + time + " is not office hours");
                assertEquals(Shift.NIGHT, calendar.shiftAt(at), "holiday at " + time + " is a NIGHT ticket");
            }
        }

        @Test
        void shouldLeaveTheDaysAroundAHolidayUntouched() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(NATIONAL_DAY, DayType.HOLIDAY);

            assertTrue(calendar.isOfficeHours(shanghai(NATIONAL_DAY.minusDays(1), "10:00")));
            assertTrue(calendar.isOfficeHours(shanghai(NATIONAL_DAY.plusDays(1), "10:00")));
        }

        @Test
        void shouldOpenAMakeUpSaturdayFrom0830To1730() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(MAKEUP_SATURDAY, DayType.WORKDAY);

            assertFalse(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "08:29:59")));
            assertTrue(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "08:30:00")));
            assertEquals(Shift.DAY, calendar.shiftAt(shanghai(MAKEUP_SATURDAY, "08:30:00")));
            assertTrue(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "17:29:59")));
            assertEquals(Shift.DAY, calendar.shiftAt(shanghai(MAKEUP_SATURDAY, "12:00")));
            assertFalse(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "17:30:00")));
            assertEquals(Shift.NIGHT, calendar.shiftAt(shanghai(MAKEUP_SATURDAY, "17:30:00")));
        }

        @Test
        void shouldUseTheConfiguredMakeUpDayHoursNotTheWeekdayHours() {
            ServiceCalendar calendar = new ServiceCalendar(SHANGHAI, WeeklyHours.parse("MON-FRI 08:30-17:30"),
                    WeeklyHours.parseRanges("09:00-12:00"), Optional.empty(), Map.of())
                    .withDay(MAKEUP_SATURDAY, DayType.WORKDAY);

            assertFalse(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "08:30")));
            assertTrue(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "09:00")));
            assertFalse(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "12:00")));
        }

        @Test
        void shouldGiveAWeekdayMarkedAsAWorkdayTheMakeUpHoursNotItsOwn() {
            ServiceCalendar calendar = new ServiceCalendar(SHANGHAI, WeeklyHours.parse("MON-THU 08:30-17:30; FRI 08:30-12:00"),
                    WeeklyHours.parseRanges("08:30-17:30"), Optional.empty(), Map.of())
                    .withDay(WORKING_FRIDAY, DayType.WORKDAY);

            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "08:30")));
            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "17:00")), "the make-up hours, not Friday's short day");
            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "17:30")));
        }

        @Test
        void shouldLetASecondMarkReplaceTheFirst() {
            ServiceCalendar calendar = defaults(SHANGHAI)
                    .withDay(MAKEUP_SATURDAY, DayType.WORKDAY)
                    .withDay(MAKEUP_SATURDAY, DayType.HOLIDAY);

            assertEquals(Optional.of(DayType.HOLIDAY), calendar.markOn(MAKEUP_SATURDAY));
            assertFalse(calendar.isOfficeHours(shanghai(MAKEUP_SATURDAY, "10:00")));
        }

        @Test
        void shouldNotChangeTheOriginalCalendarWhenADayIsMarked() {
            ServiceCalendar original = defaults(SHANGHAI);
            ServiceCalendar marked = original.withDay(NATIONAL_DAY, DayType.HOLIDAY);

            assertEquals(Optional.empty(), original.markOn(NATIONAL_DAY));
            assertTrue(original.isOfficeHours(shanghai(NATIONAL_DAY, "10:00")));
            assertEquals(Optional.of(DayType.HOLIDAY), marked.markOn(NATIONAL_DAY));
        }

        @Test
        void shouldMentionThePublicHolidayInTheReason() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(NATIONAL_DAY, DayType.HOLIDAY);

            String reason = calendar.reasonAt(shanghai(NATIONAL_DAY, "10:00"));

            assertTrue(reason.contains("holiday"), reason);
            assertTrue(reason.contains("2026-10-01"), reason);
        }

        @Test
        void shouldMentionTheMakeUpDayAndWhetherItIsOpenInTheReason() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(MAKEUP_SATURDAY, DayType.WORKDAY);

            String open = calendar.reasonAt(shanghai(MAKEUP_SATURDAY, "10:00"));
            String closed = calendar.reasonAt(shanghai(MAKEUP_SATURDAY, "18:00"));

            assertTrue(open.contains("make-up"), open);
            assertTrue(open.contains("2026-10-10"), open);
            assertTrue(open.contains("inside office hours"), open);
            assertTrue(closed.contains("make-up"), closed);
            assertTrue(closed.contains("outside office hours"), closed);
        }

        @Test
        void shouldUseTheLocalDateOfTheServiceZoneForTheMark() {
            ServiceCalendar calendar = defaults(SHANGHAI).withDay(NATIONAL_DAY, DayType.HOLIDAY);
            // 2026-09-30T16:30Z is already 1 October 00:30 in Shanghai.
            String reason = calendar.reasonAt(Instant.parse("2026-09-30T16:30:00Z"));
            assertTrue(reason.contains("holiday"), reason);
            // 2026-10-01T01:00Z is 09:00 on the holiday in Shanghai: closed.
            assertFalse(calendar.isOfficeHours(Instant.parse("2026-10-01T01:00:00Z")));
        }
    }

    @Nested
    class DayWindowSetApartFromOfficeHours {

        private final ServiceCalendar calendar = withDayWindow("MON-SUN 08:00-20:00");

        @Test
        void shouldBeDayButNotOfficeHoursOnSaturdayAt1000() {
            Instant at = shanghai(SATURDAY, "10:00");
            assertEquals(Shift.DAY, calendar.shiftAt(at));
            assertFalse(calendar.isOfficeHours(at));
        }

        @Test
        void shouldBeDayButNotOfficeHoursOnAWeekdayAt1900() {
            Instant at = shanghai(WORKING_FRIDAY, "19:00");
            assertEquals(Shift.DAY, calendar.shiftAt(at));
            assertFalse(calendar.isOfficeHours(at));
        }

        @Test
        void shouldBeDayButNotOfficeHoursOnAWeekdayAt0800() {
            Instant at = shanghai(WORKING_FRIDAY, "08:00");
            assertEquals(Shift.DAY, calendar.shiftAt(at));
            assertFalse(calendar.isOfficeHours(at));
        }

        @Test
        void shouldBeNightAllDayOnAHolidayAsOfficeHoursAre() {
            ServiceCalendar holiday = calendar.withDay(NATIONAL_DAY, DayType.HOLIDAY);
            Instant at = shanghai(NATIONAL_DAY, "10:00");
            assertEquals(Shift.NIGHT, holiday.shiftAt(at));
            assertFalse(holiday.isOfficeHours(at));
        }

        @Test
        void shouldGiveAMakeUpSaturdayTheWindowOfAWorkingDay() {
            ServiceCalendar weekdaysOnly = withDayWindow("MON-FRI 07:00-21:00").withDay(SATURDAY, DayType.WORKDAY);
            assertEquals(Shift.DAY, weekdaysOnly.shiftAt(shanghai(SATURDAY, "07:00")));
            assertEquals(Shift.DAY, weekdaysOnly.shiftAt(shanghai(SATURDAY, "20:59:59")));
            assertEquals(Shift.NIGHT, weekdaysOnly.shiftAt(shanghai(SATURDAY, "21:00")));
            assertEquals(Shift.NIGHT, withDayWindow("MON-FRI 07:00-21:00").shiftAt(shanghai(SATURDAY, "10:00")),
                    "an unmarked Saturday has no window");
        }

        @Test
        void shouldBeNightAt075959AndAt200000() {
            assertEquals(Shift.NIGHT, calendar.shiftAt(shanghai(SATURDAY, "07:59:59")));
            assertEquals(Shift.DAY, calendar.shiftAt(shanghai(SATURDAY, "19:59:59")));
            assertEquals(Shift.NIGHT, calendar.shiftAt(shanghai(SATURDAY, "20:00:00")));
        }

        @Test
        void shouldStillBeOfficeHoursAndDayInsideBoth() {
            Instant at = shanghai(WORKING_FRIDAY, "10:00");
            assertTrue(calendar.isOfficeHours(at));
            assertEquals(Shift.DAY, calendar.shiftAt(at));
        }
    }

    @Nested
    class DaylightSavingTime {

        /** Office hours every day, so the Sunday of the change itself has hours. */
        private ServiceCalendar everyDay(ZoneId zone) {
            return new ServiceCalendar(zone, WeeklyHours.parse("MON-SUN 08:30-17:30"),
                    WeeklyHours.parseRanges("08:30-17:30"), Optional.empty(), Map.of());
        }

        @Test
        void shouldOpenAt0830LocalOnBothSidesOfTheNewYorkSpringForward() {
            ServiceCalendar calendar = everyDay(NEW_YORK);
            LocalDate saturday = LocalDate.of(2026, 3, 7); // EST, UTC-5
            LocalDate changeDay = LocalDate.of(2026, 3, 8); // 02:00 -> 03:00, EDT, UTC-4

            Instant before = at(saturday, "08:30", NEW_YORK);
            Instant after = at(changeDay, "08:30", NEW_YORK);
            assertEquals(ZoneOffset.ofHours(-5), before.atZone(NEW_YORK).getOffset());
            assertEquals(ZoneOffset.ofHours(-4), after.atZone(NEW_YORK).getOffset());
            assertEquals(Instant.parse("2026-03-07T13:30:00Z"), before);
            assertEquals(Instant.parse("2026-03-08T12:30:00Z"), after);

            assertTrue(calendar.isOfficeHours(before));
            assertTrue(calendar.isOfficeHours(after));
            assertFalse(calendar.isOfficeHours(before.minusSeconds(1)));
            assertFalse(calendar.isOfficeHours(after.minusSeconds(1)));
            // The opening moved an hour earlier in UTC: 12:30Z opens on the change day, 13:30Z opened the day before.
            assertFalse(calendar.isOfficeHours(Instant.parse("2026-03-07T12:30:00Z")));
            assertTrue(calendar.isOfficeHours(Instant.parse("2026-03-08T12:30:00Z")));
        }

        @Test
        void shouldCloseAt1730LocalOnTheNewYorkSpringForwardDay() {
            ServiceCalendar calendar = everyDay(NEW_YORK);
            LocalDate changeDay = LocalDate.of(2026, 3, 8);

            assertTrue(calendar.isOfficeHours(at(changeDay, "17:29:59", NEW_YORK)));
            assertFalse(calendar.isOfficeHours(at(changeDay, "17:30:00", NEW_YORK)));
            assertEquals(Instant.parse("2026-03-08T21:30:00Z"), at(changeDay, "17:30:00", NEW_YORK));
        }

        @Test
        void shouldOpenAt0830LocalOnBothSidesOfTheNewYorkFallBack() {
            ServiceCalendar calendar = everyDay(NEW_YORK);
            LocalDate saturday = LocalDate.of(2026, 10, 31); // EDT, UTC-4
            LocalDate changeDay = LocalDate.of(2026, 11, 1); // 02:00 -> 01:00, EST, UTC-5

            Instant before = at(saturday, "08:30", NEW_YORK);
            Instant after = at(changeDay, "08:30", NEW_YORK);
            assertEquals(Instant.parse("2026-10-31T12:30:00Z"), before);
            assertEquals(Instant.parse("2026-11-01T13:30:00Z"), after);

            assertTrue(calendar.isOfficeHours(before));
            assertTrue(calendar.isOfficeHours(after));
            assertFalse(calendar.isOfficeHours(after.minusSeconds(1)));
            // 12:30Z on the fall-back day is 07:30 EST: still closed.
            assertFalse(calendar.isOfficeHours(Instant.parse("2026-11-01T12:30:00Z")));
            assertEquals(Shift.NIGHT, calendar.shiftAt(Instant.parse("2026-11-01T12:30:00Z")));
            assertEquals(Shift.DAY, calendar.shiftAt(after));
        }

        @Test
        void shouldTreatTheRepeatedHourOfTheFallBackByWallTime() {
            // Hours 01:00-01:30 on the fall-back Sunday: both 01:15 EDT and 01:15 EST are inside.
            ServiceCalendar calendar = new ServiceCalendar(NEW_YORK, WeeklyHours.parse("SUN 01:00-01:30"),
                    List.of(), Optional.empty(), Map.of());
            ZonedDateTime firstPass = ZonedDateTime.ofLocal(LocalDateTime.of(2026, 11, 1, 1, 15), NEW_YORK,
                    ZoneOffset.ofHours(-4));
            ZonedDateTime secondPass = firstPass.withLaterOffsetAtOverlap();
            assertNotEquals(firstPass.toInstant(), secondPass.toInstant());

            assertTrue(calendar.isOfficeHours(firstPass.toInstant()));
            assertTrue(calendar.isOfficeHours(secondPass.toInstant()));
            // 01:45 EDT lies between the two passes and is outside.
            assertFalse(calendar.isOfficeHours(firstPass.plusMinutes(30).toInstant()));
        }

        @Test
        void shouldFollowBerlinWallTimeAcrossTheSpringForwardWeekend() {
            ServiceCalendar calendar = defaults(BERLIN);
            LocalDate fridayBefore = LocalDate.of(2026, 3, 27); // CET, UTC+1
            LocalDate mondayAfter = LocalDate.of(2026, 3, 30); // CEST, UTC+2 (change on Sunday 29 March)

            Instant friday = at(fridayBefore, "08:30", BERLIN);
            Instant monday = at(mondayAfter, "08:30", BERLIN);
            assertEquals(Instant.parse("2026-03-27T07:30:00Z"), friday);
            assertEquals(Instant.parse("2026-03-30T06:30:00Z"), monday);

            assertTrue(calendar.isOfficeHours(friday));
            assertTrue(calendar.isOfficeHours(monday));
            assertFalse(calendar.isOfficeHours(friday.minusSeconds(1)));
            assertFalse(calendar.isOfficeHours(monday.minusSeconds(1)));
            assertFalse(calendar.isOfficeHours(at(mondayAfter, "17:30", BERLIN)));
            assertTrue(calendar.isOfficeHours(at(mondayAfter, "17:29:59", BERLIN)));
        }

        @Test
        void shouldFollowBerlinWallTimeOnAMakeUpWorkdayThatIsTheFallBackSunday() {
            LocalDate changeDay = LocalDate.of(2026, 10, 25); // CEST -> CET at 03:00 -> 02:00
            ServiceCalendar calendar = defaults(BERLIN).withDay(changeDay, DayType.WORKDAY);

            Instant opening = at(changeDay, "08:30", BERLIN);
            assertEquals(Instant.parse("2026-10-25T07:30:00Z"), opening);
            assertTrue(calendar.isOfficeHours(opening));
            assertFalse(calendar.isOfficeHours(opening.minusSeconds(1)));
            assertEquals(Shift.DAY, calendar.shiftAt(opening));
            assertFalse(calendar.isOfficeHours(at(changeDay, "17:30", BERLIN)));
        }

        @Test
        void shouldFollowWallTimeInADayWindowAcrossTheBerlinSpringForward() {
            LocalDate changeDay = LocalDate.of(2026, 3, 29);
            ServiceCalendar calendar = new ServiceCalendar(BERLIN, WeeklyHours.parse("MON-FRI 08:30-17:30"),
                    WeeklyHours.parseRanges("08:30-17:30"), Optional.of(WeeklyHours.everyDay("08:00-20:00")),
                    Map.of());

            assertEquals(Shift.NIGHT, calendar.shiftAt(at(changeDay, "07:59:59", BERLIN)));
            assertEquals(Shift.DAY, calendar.shiftAt(at(changeDay, "08:00", BERLIN)));
            assertEquals(Instant.parse("2026-03-29T06:00:00Z"), at(changeDay, "08:00", BERLIN));
            assertEquals(Shift.NIGHT, calendar.shiftAt(at(changeDay, "20:00", BERLIN)));
        }
    }

    @Nested
    class SeveralRangesAndMidnight {

        @Test
        void shouldBeClosedOverLunchWithTwoRangesADay() {
            ServiceCalendar calendar = new ServiceCalendar(SHANGHAI,
                    WeeklyHours.parse("MON-FRI 08:30-12:00,13:30-17:30"), WeeklyHours.parseRanges("08:30-17:30"),
                    Optional.empty(), Map.of());

            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "11:59:59")));
            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "12:00")));
            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "12:30")));
            assertEquals(Shift.NIGHT, calendar.shiftAt(shanghai(WORKING_FRIDAY, "12:30")));
            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "13:29:59")));
            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "13:30")));
        }

        @Test
        void shouldStayOpenUntilMidnightWithA2400End() {
            ServiceCalendar calendar = new ServiceCalendar(SHANGHAI, WeeklyHours.parse("FRI 20:00-24:00"),
                    List.of(), Optional.empty(), Map.of());

            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "19:59:59")));
            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "20:00")));
            assertTrue(calendar.isOfficeHours(shanghai(WORKING_FRIDAY, "23:59:59")));
            assertFalse(calendar.isOfficeHours(shanghai(WORKING_FRIDAY.plusDays(1), "00:00")));
        }

        @Test
        void shouldBeDayAroundTheClockWithA0000To2400DayWindow() {
            ServiceCalendar calendar = withDayWindow("MON-SUN 00:00-24:00");

            assertEquals(Shift.DAY, calendar.shiftAt(shanghai(SATURDAY, "00:00")));
            assertEquals(Shift.DAY, calendar.shiftAt(shanghai(SATURDAY, "23:59:59")));
        }
    }
}

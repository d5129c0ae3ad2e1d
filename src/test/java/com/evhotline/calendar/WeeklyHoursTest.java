package com.evhotline.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and reading weekly hours such as {@code MON-FRI 08:30-17:30}. */
class WeeklyHoursTest {

    private static LocalTime t(String time) {
        return LocalTime.parse(time);
    }

    private static boolean open(WeeklyHours hours, DayOfWeek day, String time) {
        return WeeklyHours.inside(hours.on(day), t(time));
    }

    private static String refusal(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> WeeklyHours.parse(spec)).getMessage();
    }

    @Nested
    class Reading {

        @Test
        void shouldGiveMondayToFridayTheSameHoursAndTheWeekendNone() {
            WeeklyHours hours = WeeklyHours.parse("MON-FRI 08:30-17:30");

            for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                assertEquals(List.of(new WeeklyHours.Range(t("08:30"), t("17:30"))), hours.on(d), d.toString());
                assertTrue(hours.hasHours(d));
            }
            assertEquals(List.of(), hours.on(DayOfWeek.SATURDAY));
            assertFalse(hours.hasHours(DayOfWeek.SUNDAY));
        }

        @Test
        void shouldIncludeTheStartAndExcludeTheEnd() {
            WeeklyHours hours = WeeklyHours.parse("MON-FRI 08:30-17:30");

            assertFalse(open(hours, DayOfWeek.MONDAY, "08:29:59"));
            assertTrue(open(hours, DayOfWeek.MONDAY, "08:30:00"));
            assertTrue(open(hours, DayOfWeek.MONDAY, "17:29:59.999999999"));
            assertFalse(open(hours, DayOfWeek.MONDAY, "17:30:00"));
        }

        @Test
        void shouldBeClosedAt1230WithTwoRangesADay() {
            WeeklyHours hours = WeeklyHours.parse("MON-FRI 08:30-12:00,13:30-17:30");

            assertEquals(2, hours.on(DayOfWeek.WEDNESDAY).size());
            assertTrue(open(hours, DayOfWeek.WEDNESDAY, "11:59:59"));
            assertFalse(open(hours, DayOfWeek.WEDNESDAY, "12:00"));
            assertFalse(open(hours, DayOfWeek.WEDNESDAY, "12:30"));
            assertTrue(open(hours, DayOfWeek.WEDNESDAY, "13:30"));
            assertTrue(open(hours, DayOfWeek.WEDNESDAY, "17:00"));
            assertFalse(open(hours, DayOfWeek.WEDNESDAY, "17:30"));
        }

        @Test
        void shouldReadSeveralDayGroupsSeparatedBySemicolons() {
            WeeklyHours hours = WeeklyHours.parse("MON-FRI 08:30-17:30; SAT 09:00-12:00");

            assertTrue(open(hours, DayOfWeek.FRIDAY, "16:00"));
            assertTrue(open(hours, DayOfWeek.SATURDAY, "09:00"));
            assertFalse(open(hours, DayOfWeek.SATURDAY, "12:00"));
            assertFalse(hours.hasHours(DayOfWeek.SUNDAY));
        }

        @Test
        void shouldReadDayListsAndARangeThatWrapsOverTheWeekend() {
            WeeklyHours list = WeeklyHours.parse("MON,WED,FRI 09:00-10:00");
            assertTrue(list.hasHours(DayOfWeek.MONDAY));
            assertFalse(list.hasHours(DayOfWeek.TUESDAY));
            assertTrue(list.hasHours(DayOfWeek.WEDNESDAY));
            assertTrue(list.hasHours(DayOfWeek.FRIDAY));

            WeeklyHours wrap = WeeklyHours.parse("FRI-MON 09:00-10:00");
            assertTrue(wrap.hasHours(DayOfWeek.FRIDAY));
            assertTrue(wrap.hasHours(DayOfWeek.SATURDAY));
            assertTrue(wrap.hasHours(DayOfWeek.SUNDAY));
            assertTrue(wrap.hasHours(DayOfWeek.MONDAY));
            assertFalse(wrap.hasHours(DayOfWeek.TUESDAY));
        }

        @Test
        void shouldAcceptLowerCaseAndFullDayNames() {
            WeeklyHours hours = WeeklyHours.parse("mon-Friday 08:30-17:30");
            assertTrue(hours.hasHours(DayOfWeek.MONDAY));
            assertTrue(hours.hasHours(DayOfWeek.FRIDAY));
            assertFalse(hours.hasHours(DayOfWeek.SATURDAY));
        }

        @Test
        void shouldEndAtMidnightWith2400() {
            WeeklyHours hours = WeeklyHours.parse("SAT 20:00-24:00");

            assertNull(hours.on(DayOfWeek.SATURDAY).get(0).end());
            assertFalse(open(hours, DayOfWeek.SATURDAY, "19:59:59"));
            assertTrue(open(hours, DayOfWeek.SATURDAY, "20:00"));
            assertTrue(open(hours, DayOfWeek.SATURDAY, "23:59:59.999999999"));
            assertFalse(open(hours, DayOfWeek.SUNDAY, "00:00"));
        }

        @Test
        void shouldBeOpenAllDayWith0000To2400() {
            WeeklyHours hours = WeeklyHours.everyDay("00:00-24:00");

            for (DayOfWeek d : DayOfWeek.values()) {
                assertTrue(open(hours, d, "00:00"), d.toString());
                assertTrue(open(hours, d, "23:59:59"), d.toString());
            }
        }

        @Test
        void shouldGiveEveryDayTheSameHoursWithEveryDay() {
            WeeklyHours hours = WeeklyHours.everyDay("08:00-20:00");

            for (DayOfWeek d : DayOfWeek.values()) {
                assertTrue(open(hours, d, "08:00"), d.toString());
                assertFalse(open(hours, d, "20:00"), d.toString());
            }
        }

        @Test
        void shouldKeepTheTextItWasWrittenIn() {
            assertEquals("MON-FRI 08:30-17:30", WeeklyHours.parse("MON-FRI 08:30-17:30").toString());
        }

        @Test
        void shouldParseMakeUpDayRangesOnTheirOwn() {
            assertEquals(List.of(new WeeklyHours.Range(t("08:30"), t("12:00")), new WeeklyHours.Range(t("13:30"), null)),
                    WeeklyHours.parseRanges("08:30-12:00, 13:30-24:00"));
        }
    }

    @Nested
    class Refusing {

        @ParameterizedTest
        @ValueSource(strings = {"MOX-FRI 08:30-17:30", "XYZ 08:30-17:30", "MO-FR 08:30-17:30"})
        void shouldNameTheBadWeekdayAndListTheGoodOnes(String spec) {
            String message = refusal(spec);

            assertTrue(message.contains("is not a weekday"), message);
            assertTrue(message.contains("MON, TUE, WED, THU, FRI, SAT, SUN"), message);
        }

        @Test
        void shouldQuoteTheBadWeekdayToken() {
            String message = refusal("MON-FRX 08:30-17:30");
            assertTrue(message.contains("'FRX'"), message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"MON-FRI 8:30-17:30", "MON-FRI 08:30-25:00", "MON-FRI 08h30-17:30",
                "MON-FRI 08:60-17:30", "MON-FRI 24:00-24:00"})
        void shouldSayTimesAreHHmmForABadTime(String spec) {
            String message = refusal(spec);

            assertTrue(message.contains("times are HH:mm"), message);
            assertTrue(message.contains("08:30-17:30"), message);
        }

        @Test
        void shouldQuoteTheBadRange() {
            String message = refusal("MON-FRI 08:30-25:00");
            assertTrue(message.contains("'08:30-25:00'"), message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"MON-FRI 17:30-08:30", "MON-FRI 08:30-08:30"})
        void shouldSayTheEndMustComeAfterTheStart(String spec) {
            String message = refusal(spec);

            assertTrue(message.contains("the end must come after the start"), message);
            assertTrue(message.contains("'" + spec.substring(8) + "'"), message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"MON-FRI 08:30", "MON-FRI 08:30-12:00-17:30", "MON-FRI 08:30-12:00,"
                + "13:30"})
        void shouldAskForARangeWhenTheDashIsMissingOrDoubled(String spec) {
            String message = refusal(spec);
            assertTrue(message.contains("expected a range like 08:30-17:30"), message);
        }

        @Test
        void shouldAskForDaysAndHoursWhenEitherIsMissing() {
            String message = refusal("MON-FRI");
            assertTrue(message.contains("expected days and hours like 'MON-FRI 08:30-17:30'"), message);
        }

        @Test
        void shouldRefuseABadTimeInTheMakeUpDayRanges() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeeklyHours.parseRanges("8.30-17.30"));
            assertTrue(e.getMessage().contains("times are HH:mm"), e.getMessage());
        }
    }
}

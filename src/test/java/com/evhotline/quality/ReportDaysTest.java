package com.evhotline.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which days' reports are due: from the report time of the next day, and every day of the catch-up window whose
 * report is not kept.
 */
class ReportDaysTest {

    private static final LocalTime AT = LocalTime.of(15, 30);

    private static ZonedDateTime at(String local) {
        return ZonedDateTime.parse(local + "+08:00[Asia/Shanghai]");
    }

    private static LocalDate day(String d) {
        return LocalDate.parse(d);
    }

    private static NavigableSet<LocalDate> made(String... days) {
        NavigableSet<LocalDate> out = new TreeSet<>();
        for (String d : days) {
            out.add(day(d));
        }
        return out;
    }

    @Test
    void yesterdaysReportIsDueFromTheReportTimeOn() {
        assertEquals(day("2052-03-03"), ReportDays.latestDue(at("2052-03-05T15:29:59"), AT));
        assertEquals(day("2052-03-04"), ReportDays.latestDue(at("2052-03-05T15:30:00"), AT));
    }

    @Test
    void nothingIsDueWhenTheLatestDayIsMade() {
        assertEquals(List.of(), ReportDays.due(at("2052-03-05T16:00"), AT, made("2052-03-04"), 7).make());
    }

    @Test
    void aNewSiteMakesOnlyTheLatestDay() {
        assertEquals(List.of(day("2052-03-04")), ReportDays.due(at("2052-03-05T16:00"), AT, made(), 7).make());
    }

    @Test
    void daysMissedByADowntimeAreMadeOldestFirst() {
        // down from the morning of the 9th to the evening of the 10th: the 8th (due on the 9th) and the 9th; the
        // days of the window before the first report kept (the 7th) are not owed
        assertEquals(List.of(day("2052-06-08"), day("2052-06-09")),
                ReportDays.due(at("2052-06-10T18:00"), AT, made("2052-06-07"), 7).make());
    }

    @Test
    void aDowntimeLongerThanTheLimitCatchesUpTheLastDaysAndNamesTheRest() {
        ReportDays.Due due = ReportDays.due(at("2052-06-25T16:00"), AT, made("2052-06-09"), 7);
        assertEquals(day("2052-06-18"), due.make().get(0));
        assertEquals(day("2052-06-24"), due.make().get(6));
        assertEquals(7, due.make().size());
        assertEquals(day("2052-06-10"), due.skippedFrom());
        assertEquals(day("2052-06-17"), due.skippedTo());
        assertNull(ReportDays.due(at("2052-06-11T16:00"), AT, made("2052-06-09"), 7).skippedFrom());
    }

    @Test
    void aDayOfTheWindowWhoseReportIsMissingIsDueAgainThoughALaterDayIsMade() {
        // the 8th failed while the 9th was made: the 8th is still owed, the days kept are not
        assertEquals(List.of(day("2052-06-08")),
                ReportDays.due(at("2052-06-10T18:00"), AT, made("2052-06-07", "2052-06-09"), 7).make());
        NavigableSet<LocalDate> kept = made("2052-06-03", "2052-06-04", "2052-06-05", "2052-06-06", "2052-06-07",
                "2052-06-09");
        assertEquals(List.of(day("2052-06-08"), day("2052-06-10")),
                ReportDays.due(at("2052-06-11T15:30"), AT, kept, 7).make());
        assertNull(ReportDays.due(at("2052-06-11T15:30"), AT, kept, 7).skippedFrom());
    }

    @Test
    void aMissingDayLeavesTheWindowAfterTheCatchUpDays() {
        assertEquals(List.of(), ReportDays.due(at("2052-06-17T16:00"), AT,
                made("2052-06-07", "2052-06-09", "2052-06-10", "2052-06-11", "2052-06-12", "2052-06-13", "2052-06-14",
                        "2052-06-15", "2052-06-16"), 7).make(), "the 8th is made on demand now");
    }
}

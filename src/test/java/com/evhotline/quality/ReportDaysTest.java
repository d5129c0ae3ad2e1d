package com.evhotline.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which days' reports are due: from the report time of the next day, and missed days caught up to a limit. */
class ReportDaysTest {

    private static final LocalTime AT = LocalTime.of(15, 30);

    private static ZonedDateTime at(String local) {
        return ZonedDateTime.parse(local + "+08:00[Asia/Shanghai]");
    }

    private static LocalDate day(String d) {
        return LocalDate.parse(d);
    }

    @Test
    void yesterdaysReportIsDueFromTheReportTimeOn() {
        assertEquals(day("2052-03-03"), ReportDays.latestDue(at("2052-03-05T15:29:59"), AT));
        assertEquals(day("2052-03-04"), ReportDays.latestDue(at("2052-03-05T15:30:00"), AT));
    }

    @Test
    void nothingIsDueWhenTheLatestDayIsMade() {
        assertEquals(List.of(), ReportDays.due(at("2052-03-05T16:00"), AT, day("2052-03-04"), 7).make());
    }

    @Test
    void aNewSiteMakesOnlyTheLatestDay() {
        assertEquals(List.of(day("2052-03-04")), ReportDays.due(at("2052-03-05T16:00"), AT, null, 7).make());
    }

    @Test
    void daysMissedByADowntimeAreMadeOldestFirst() {
        // down from the morning of the 9th to the evening of the 10th: the 8th (due on the 9th) and the 9th
        assertEquals(List.of(day("2052-06-08"), day("2052-06-09")),
                ReportDays.due(at("2052-06-10T18:00"), AT, day("2052-06-07"), 7).make());
    }

    @Test
    void aDowntimeLongerThanTheLimitCatchesUpTheLastDaysAndNamesTheRest() {
        ReportDays.Due due = ReportDays.due(at("2052-06-25T16:00"), AT, day("2052-06-09"), 7);
        assertEquals(day("2052-06-18"), due.make().get(0));
        assertEquals(day("2052-06-24"), due.make().get(6));
        assertEquals(7, due.make().size());
        assertEquals(day("2052-06-10"), due.skippedFrom());
        assertEquals(day("2052-06-17"), due.skippedTo());
        assertNull(ReportDays.due(at("2052-06-11T16:00"), AT, day("2052-06-09"), 7).skippedFrom());
    }
}

package com.evhotline.quality;

import com.evhotline.common.BusinessDates;
import com.evhotline.common.Problem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** A report's day as a path gives it: {@code YYYY-MM-DD}, within the service's dates. */
public final class ReportDates {

    private ReportDates() {
    }

    public static LocalDate parse(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date == null ? "" : date);
        } catch (DateTimeParseException e) {
            throw Problem.invalid("date: '" + date + "' is not a day; give it as YYYY-MM-DD, e.g. 2026-11-27");
        }
        if (!BusinessDates.accepts(day)) {
            throw Problem.invalid("date: " + BusinessDates.RANGE);
        }
        return day;
    }
}

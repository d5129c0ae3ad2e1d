package com.evhotline.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/** Quality information for the quality department: the daily report, batch quality problems, and their e-mail. */
@ConfigMapping(prefix = "hotline")
public interface QualityConfig {

    Quality quality();

    @WithName("batch-fault")
    BatchFault batchFault();

    /** A TrueType font (.ttf, or the first font of a .ttc) with Chinese glyphs for the PDF; unset: the bundled one. */
    Optional<String> reportFont();

    /** The daily report and the quality department's mail. */
    interface Quality {

        /** The quality department's addresses (comma list), each sent its own copy; none: reports are kept unsent. */
        Optional<List<String>> emails();

        /** When the previous day's report is made, in HOTLINE_ZONE; the source wants it before 16:00. */
        @WithDefault("15:30")
        @Pattern(regexp = "(0?[0-9]|1[0-5]):[0-5][0-9]",
                message = "must be a time before 16:00 as HH:mm: the previous day's quality report is due before 16:00")
        String reportAt();

        /**
         * From when a report not made (yesterday's, or another day's of the catch-up window) or yesterday's not
         * mailed is told to the supervisors, in HOTLINE_ZONE: after the report time, before 16:00, leaving someone
         * time to act.
         */
        @WithDefault("15:45")
        @Pattern(regexp = "(0?[0-9]|1[0-5]):[0-5][0-9]",
                message = "must be a time before 16:00 as HH:mm: a late quality report is told before it is due")
        String tellBy();

        /** Whether this instance makes the reports on its schedule (any instance may; each day is made once). */
        @WithDefault("true")
        boolean reportEnabled();

        /**
         * How many of the latest due days the schedule owes: one whose report is missing (a downtime, a failure) is
         * made at each run until it is kept, oldest first; older ones on demand.
         */
        @WithDefault("7")
        @Min(1)
        @Max(62)
        int catchUpDays();

        /** Tries per e-mail before the supervisors are told it could not be sent. */
        @WithDefault("6")
        @Min(1)
        int mailAttempts();

        /** The wait after a failed send; doubled after each further failure up to {@link #mailMaxBackoff}. */
        @WithDefault("1M")
        @DurationMin(seconds = 1)
        Duration mailBackoff();

        @WithDefault("1H")
        @DurationMin(seconds = 1)
        Duration mailMaxBackoff();

        /** {@link #reportAt} as a time. */
        default LocalTime reportTime() {
            return LocalTime.parse(reportAt().length() == 4 ? "0" + reportAt() : reportAt());
        }

        /** {@link #tellBy} as a time. */
        default LocalTime tellByTime() {
            return LocalTime.parse(tellBy().length() == 4 ? "0" + tellBy() : tellBy());
        }

        /** The addresses, trimmed, without empty entries. */
        default List<String> addresses() {
            return emails().orElse(List.of()).stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        }
    }

    /** A batch quality problem: the same fault on this many vehicles within the window of their calls. */
    interface BatchFault {

        /** Distinct vehicles (VINs) with the same fault that make a batch. */
        @WithDefault("3")
        @Min(2)
        int vehicles();

        /** How close in time their tickets were received. */
        @WithDefault("7D")
        @DurationMin(minutes = 1)
        Duration window();
    }
}

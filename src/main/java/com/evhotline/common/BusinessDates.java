package com.evhotline.common;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The range of the hotline's business dates and times, 2000-01-01 to 2100-12-31: every date the
 * service computes from one (a rotation's days, a deadline, a filter's bound) stays far inside what
 * Java and PostgreSQL both represent, and reads back as it was written.
 */
public final class BusinessDates {

    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    /** The last day accepted. */
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);
    /** How a refusal states the range. */
    public static final String RANGE = "must lie between 2000-01-01 and 2100-12-31";

    private BusinessDates() {
    }

    /** Whether the day is within the range. */
    public static boolean accepts(LocalDate day) {
        return !day.isBefore(EARLIEST) && !day.isAfter(LATEST);
    }

    /** Whether the instant's UTC day is within the range. */
    public static boolean accepts(Instant at) {
        return !at.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                && at.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * {@link BusinessTime} on any date or time: one with an instant (an offset or a zone) by its
     * instant, one without by its day.
     */
    public static final class Validator implements ConstraintValidator<BusinessTime, TemporalAccessor> {
        @Override
        public boolean isValid(TemporalAccessor v, ConstraintValidatorContext c) {
            if (v == null) {
                return true;
            }
            return v.isSupported(ChronoField.INSTANT_SECONDS) ? accepts(Instant.from(v)) : accepts(LocalDate.from(v));
        }
    }
}

package com.evhotline.common;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

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

    public static final class OfLocalDate implements ConstraintValidator<BusinessTime, LocalDate> {
        @Override
        public boolean isValid(LocalDate v, ConstraintValidatorContext c) {
            return v == null || accepts(v);
        }
    }

    public static final class OfLocalDateTime implements ConstraintValidator<BusinessTime, LocalDateTime> {
        @Override
        public boolean isValid(LocalDateTime v, ConstraintValidatorContext c) {
            return v == null || accepts(v.toLocalDate());
        }
    }

    public static final class OfOffsetDateTime implements ConstraintValidator<BusinessTime, OffsetDateTime> {
        @Override
        public boolean isValid(OffsetDateTime v, ConstraintValidatorContext c) {
            return v == null || accepts(v.toInstant());
        }
    }

    public static final class OfZonedDateTime implements ConstraintValidator<BusinessTime, ZonedDateTime> {
        @Override
        public boolean isValid(ZonedDateTime v, ConstraintValidatorContext c) {
            return v == null || accepts(v.toInstant());
        }
    }

    public static final class OfInstant implements ConstraintValidator<BusinessTime, Instant> {
        @Override
        public boolean isValid(Instant v, ConstraintValidatorContext c) {
            return v == null || accepts(v);
        }
    }
}

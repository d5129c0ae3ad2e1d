package com.evhotline.console.admin;

import com.evhotline.common.BusinessDates;
import com.evhotline.common.Problem;
import com.evhotline.common.Text;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A form's fields read into what the services take, refused with the field's name as the API refuses a
 * JSON body: text without control characters, whole numbers, dates, and wall-clock times in the hotline's
 * zone (what a {@code datetime-local} field sends). A field left empty is null.
 */
final class FormInput {

    private FormInput() {
    }

    /** The text as typed; null when empty or blank. */
    static String text(String field, String raw) {
        String given = given(field, raw);
        return given == null || given.isBlank() ? null : given;
    }

    /** The text as typed, an empty one kept (a change that clears what is stored). */
    static String given(String field, String raw) {
        if (raw != null && Text.controlCharacterAt(raw) >= 0) {
            throw Problem.invalid(field + ": " + Text.describeCharacterAt(raw, Text.controlCharacterAt(raw)));
        }
        return raw;
    }

    static Long id(String field, String raw) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        if (!t.matches("[0-9]{1,18}")) {
            throw Problem.invalid(field + ": choose from the list (an id is a whole number), got '" + t + "'");
        }
        return Long.parseLong(t);
    }

    static Integer number(String field, String raw) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        if (!t.matches("-?[0-9]{1,9}")) {
            throw Problem.invalid(field + ": a whole number, got '" + t + "'");
        }
        return Integer.parseInt(t);
    }

    /** Ids in the order given, separated by commas or spaces. */
    static List<Long> ids(String field, String raw) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        return Arrays.stream(t.split("[,，\\s]+")).filter(s -> !s.isEmpty()).map(s -> id(field, s)).toList();
    }

    static LocalDate date(String field, String raw) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw Problem.invalid(field + ": expected a date like 2026-10-01, got '" + t + "'");
        }
    }

    /** A date within the service's dates (a page's starting day). */
    static LocalDate day(String field, String raw) {
        LocalDate d = date(field, raw);
        if (d != null && !BusinessDates.accepts(d)) {
            throw Problem.invalid(field + ": " + d + " " + BusinessDates.RANGE);
        }
        return d;
    }

    static LocalTime time(String field, String raw) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        try {
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw Problem.invalid(field + ": expected a time like 08:30, got '" + t + "'");
        }
    }

    /** A date and a wall-clock time in the hotline's zone ({@code 2026-10-01T18:05}), within the service's dates. */
    static OffsetDateTime wallClock(String field, String raw, ZoneId zone) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw Problem.invalid(field + ": expected a date and time like 2026-10-01T18:05, got '" + t + "'");
        }
        OffsetDateTime at = local.atZone(zone).toOffsetDateTime();
        if (!BusinessDates.accepts(at.toInstant())) {
            throw Problem.invalid(field + ": " + t + " " + BusinessDates.RANGE);
        }
        return at;
    }

    /** One of an enumeration's names; null when none was chosen. */
    static <E extends Enum<E>> E choice(String field, String raw, Class<E> type) {
        String t = Text.blankToNull(raw);
        if (t == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, t);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(field + ": '" + t + "' is not valid; expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * Checks a request against the constraints the API's resource declares on it, so a form and a JSON body
     * meet the same rules, refused in the same words ({@code field: what is wrong}).
     */
    static <T> T valid(Validator validator, T request) {
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw Problem.invalid(violations.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }
}

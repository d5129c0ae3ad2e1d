package com.evhotline.common;

import java.util.Arrays;
import java.util.Locale;

/**
 * Query parameters read by hand: JAX-RS turns a value it cannot convert into a 404, where the caller
 * needs a 400 that names the parameter and what it takes.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(name + ": '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name + ": expected a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    public static Boolean boolParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw Problem.invalid(name + ": expected true or false, got '" + value + "'");
        };
    }

    public static Long idParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw Problem.invalid(name + ": expected a numeric id, got '" + value + "'");
        }
    }
}

package com.evhotline.common;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Normalises caller numbers to E.164 ({@code +8613800000000}) with the configured country code. */
public final class PhoneNumbers {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Set<String> WITHHELD = Set.of("", "unknown", "<unknown>", "anonymous", "private",
            "restricted", "withheld", "unavailable");
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    /** Longest national number without its trunk prefix (a Chinese mobile or landline with area code). */
    private static final int NATIONAL_MAX_DIGITS = 11;
    private static final Pattern TRUNK_ZERO_AFTER_CODE = Pattern.compile("\\(0\\)");

    private final String countryCode;

    public PhoneNumbers(String countryCode) {
        if (countryCode == null || !countryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1 to 3 digits, got '" + countryCode + "'");
        }
        this.countryCode = countryCode;
    }

    /** True for the ways a PBX reports a caller who withheld the number. */
    public static boolean isWithheld(String raw) {
        return raw == null || WITHHELD.contains(raw.trim().toLowerCase(Locale.ROOT));
    }

    /** The E.164 form, or empty when {@code raw} is not a phone number. */
    public Optional<String> tryNormalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        // "+86 (0)138…": the bracketed trunk zero is dialled only from inside the country
        String s = SEPARATORS.matcher(TRUNK_ZERO_AFTER_CODE.matcher(raw.trim()).replaceAll("")).replaceAll("");
        String international;
        if (s.startsWith("+")) {
            international = s.substring(1);
        } else if (s.startsWith("00")) {
            international = s.substring(2);
        } else if (s.startsWith("0")) {
            international = countryCode + s.substring(1);
        } else if (s.startsWith(countryCode) && s.length() > NATIONAL_MAX_DIGITS) {
            international = s; // an international number whose trunk dropped the '+' (8613800000000)
        } else {
            international = countryCode + s;
        }
        if (!DIGITS.matcher(international).matches() || international.startsWith("0")
                || international.length() < MIN_DIGITS || international.length() > MAX_DIGITS) {
            return Optional.empty();
        }
        return Optional.of("+" + international);
    }

    /** The E.164 form; refuses with a message that says what was expected. */
    public String normalise(String field, String raw) {
        return tryNormalise(raw).orElseThrow(() -> Problem.invalid(field + ": expected a phone number in E.164 form "
                + "(+" + countryCode + "13800000000) or a national number (13800000000, 013800000000), got '"
                + raw + "'"));
    }
}

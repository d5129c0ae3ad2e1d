package com.evhotline.common;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers as the phone network has them, read with libphonenumber for the PBX's region: full numbers become
 * E.164 ({@code +8613800000000}), local landlines without an area code take the configured one, short service
 * numbers ({@code 10086}) stay as dialled, and numbers of other regions follow that region's rules.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();
    /** Digits with the separators people write; a letter or a slash makes it something other than a number. */
    private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9\\s\\-().]*[0-9][0-9\\s\\-().]*");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-().]");
    /** Longest short service number; a local landline is longer, and only it takes the area code. */
    private static final int SHORT_MAX_DIGITS = 6;
    /** A number the PBX reports that no plan knows, kept as dialled (a service or local number); the tables allow it. */
    private static final Pattern SHORT_AS_DIALLED = Pattern.compile("[1-9][0-9]{2,7}");
    private static final Pattern E164_DIGITS = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Set<String> WITHHELD = Set.of("", "unknown", "<unknown>", "anonymous", "private",
            "restricted", "withheld", "unavailable");
    private static final Set<PhoneNumberType> TAKES_SMS = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER);

    private final int countryCode;
    private final String region;
    private final String areaCode;

    public PhoneNumbers(String countryCode) {
        this(countryCode, Optional.empty());
    }

    /**
     * @param countryCode the PBX's country calling code, such as {@code 86}
     * @param areaCode the area code of local landline numbers that arrive without one, with or without its trunk
     *        zero ({@code 21} or {@code 021})
     */
    public PhoneNumbers(String countryCode, Optional<String> areaCode) {
        if (countryCode == null || !countryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country code must be 1 to 3 digits, got '" + countryCode + "'");
        }
        this.countryCode = Integer.parseInt(countryCode);
        this.region = UTIL.getRegionCodeForCountryCode(this.countryCode);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("country code " + countryCode + " belongs to no country or region");
        }
        String area = areaCode.map(String::trim).filter(a -> !a.isEmpty()).orElse(null);
        String trunk = UTIL.getNddPrefixForRegion(region, true);
        if (area != null && trunk != null && area.startsWith(trunk)) {
            area = area.substring(trunk.length());
        }
        if (area != null && !area.matches("[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("area code must be 1 to 5 digits after an optional trunk prefix, got '"
                    + areaCode.get() + "'");
        }
        this.areaCode = area;
    }

    /** True for the ways a PBX reports a caller who withheld the number. */
    public static boolean isWithheld(String raw) {
        return raw == null || WITHHELD.contains(raw.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A number the PBX reported, read leniently so that no caller is lost: E.164 for a full number, the digits as
     * dialled for a short or local one the plan does not know (never guessed into a +country number), empty when it
     * is not a phone number at all. A number outside the library's numbering plan (a range opened after its
     * release) is kept as the network sent it, with nothing stripped.
     */
    public Optional<String> tryNormalise(String raw) {
        Optional<String> exact = read(raw, false);
        if (exact.isPresent() || raw == null || !WRITTEN.matcher(raw.trim()).matches()) {
            return exact;
        }
        String digits = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (SHORT_AS_DIALLED.matcher(digits).matches()) {
            return Optional.of(digits);
        }
        String trunk = UTIL.getNddPrefixForRegion(region, true);
        String international = digits.startsWith("+") ? digits.substring(1)
                : digits.startsWith("00") ? digits.substring(2)
                : trunk != null && digits.startsWith(trunk) ? countryCode + digits.substring(trunk.length())
                : countryCode + digits;
        return E164_DIGITS.matcher(international).matches() ? Optional.of("+" + international) : Optional.empty();
    }

    /** A number typed by a person: a valid full number in E.164, or a known short number as dialled. */
    public String normalise(String field, String raw) {
        return read(raw, false).orElseThrow(() -> refusal(field, raw, "a phone number"));
    }

    /** A person's mobile, which forwarded calls ring and alerts text: a valid number that takes SMS. */
    public String mobile(String field, String raw) {
        return read(raw, true).orElseThrow(() -> refusal(field, raw, "a mobile number that takes SMS"));
    }

    private Optional<String> read(String raw, boolean mobileOnly) {
        if (raw == null || !WRITTEN.matcher(raw.trim()).matches()) {
            return Optional.empty();
        }
        String digits = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (!mobileOnly && isShortNumber(digits)) {
            return Optional.of(digits);
        }
        Optional<PhoneNumber> number = parse(raw.trim()).filter(UTIL::isValidNumber);
        if (number.isEmpty() && areaCode != null && isLocal(digits) && digits.length() > SHORT_MAX_DIGITS) {
            number = parse(UTIL.getNddPrefixForRegion(region, true) + areaCode + digits).filter(UTIL::isValidNumber);
        }
        return number.filter(n -> !mobileOnly || TAKES_SMS.contains(UTIL.getNumberType(n))).map(PhoneNumbers::e164);
    }

    private boolean isShortNumber(String digits) {
        if (digits.startsWith("+") || digits.length() > SHORT_MAX_DIGITS) {
            return false;
        }
        return parse(digits).map(n -> SHORT.isValidShortNumberForRegion(n, region)).orElse(false);
    }

    /** Dialled without a trunk or international prefix, so possibly a landline of the caller's own area. */
    private boolean isLocal(String digits) {
        String trunk = UTIL.getNddPrefixForRegion(region, true);
        return !digits.startsWith("+") && (trunk == null || !digits.startsWith(trunk));
    }

    private Optional<PhoneNumber> parse(String text) {
        try {
            return Optional.of(UTIL.parse(text, region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static String e164(PhoneNumber number) {
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    private Problem refusal(String field, String raw, String what) {
        PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
        return Problem.invalid(field + ": expected " + what + " valid in " + region + " (+" + countryCode + "): "
                + "in E.164 form" + (example == null ? "" : " (" + e164(example) + ")") + " or as dialled there"
                + (what.startsWith("a mobile") ? "" : ", or a short service number of " + region) + "; got '" + raw
                + "'");
    }
}

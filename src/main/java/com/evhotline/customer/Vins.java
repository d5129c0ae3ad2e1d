package com.evhotline.customer;

import com.evhotline.common.Problem;
import java.util.Locale;
import java.util.regex.Pattern;

/** Vehicle identification numbers: 17 characters, letters I, O and Q never used. */
public final class Vins {

    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");

    private Vins() {
    }

    /** The VIN in upper case, or null when none was given; refuses what cannot be a VIN. */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String vin = raw.trim().toUpperCase(Locale.ROOT);
        if (!VIN.matcher(vin).matches()) {
            throw Problem.invalid("vin: expected 17 letters and digits without I, O or Q (like LSVAU2180N2183294), got '"
                    + raw + "'");
        }
        return vin;
    }
}

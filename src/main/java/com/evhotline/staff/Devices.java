package com.evhotline.staff;

import com.evhotline.common.Problem;
import java.util.regex.Pattern;

/**
 * A person's phone as the PBX names it: an Asterisk interface, technology then resource ({@code PJSIP/1001},
 * {@code Local/1001@agents/n}). The same rule as the database's check (migration V18), so that a refusal says
 * what to fix before the database is asked; it also keeps line breaks out of the AMI actions that carry it.
 */
public final class Devices {

    static final Pattern INTERFACE = Pattern.compile("[A-Za-z]+/[A-Za-z0-9@._/-]{1,80}");

    private Devices() {
    }

    /** The device given, trimmed; null when blank; refused when it is not an Asterisk interface. */
    public static String checked(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String device = raw.trim();
        if (device.length() > 100 || !INTERFACE.matcher(device).matches()) {
            throw Problem.invalid(field + ": '" + (device.length() > 100 ? device.substring(0, 100) + "…" : device)
                    + "' is not an Asterisk interface; give the technology, '/', then up to 80 of A-Z a-z 0-9 @ . _ / -,"
                    + " such as PJSIP/1001 or Local/1001@agents/n");
        }
        return device;
    }
}

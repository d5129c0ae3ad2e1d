package com.evhotline.ticket;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chinese number plates as the register keeps them: the province's character, the issuing letter,
 * then five letters and digits (six on a new-energy vehicle), sometimes a closing character such as
 * 警 or 挂. Spaces, dots and dashes people type in between are dropped; letters are upper case.
 */
public final class Plates {

    private static final Pattern PLATE = Pattern.compile("\\p{IsHan}[A-Z][A-Z0-9]{4,6}\\p{IsHan}?");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s·•.\\-]");

    private Plates() {
    }

    /** The plate as kept, or empty when it is not a plate. */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String plate = SEPARATORS.matcher(typed).replaceAll("").toUpperCase(Locale.ROOT);
        return PLATE.matcher(plate).matches() && plate.length() <= 9 ? Optional.of(plate) : Optional.empty();
    }
}

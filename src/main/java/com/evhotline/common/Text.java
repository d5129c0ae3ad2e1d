package com.evhotline.common;

/** Free text as the service keeps it: trimmed, and blank meaning absent. */
public final class Text {

    private Text() {
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The first control character in the text other than tab, line feed and carriage return (NUL,
     * escape, DEL, the C1 range), or -1: PostgreSQL cannot store NUL, and the others only garble a
     * screen or a log.
     */
    public static int controlCharacterAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return i;
            }
        }
        return -1;
    }

    /** How a refusal names the character at {@code i}. */
    public static String describeCharacterAt(String s, int i) {
        return String.format("a control character (U+%04X) at position %d; remove it", (int) s.charAt(i), i + 1);
    }
}

package com.evhotline.common;

/** Free text as the service keeps it: trimmed, and blank meaning absent. */
public final class Text {

    private Text() {
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

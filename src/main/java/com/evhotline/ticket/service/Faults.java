package com.evhotline.ticket.service;

/** A ticket's fault as kept: trimmed, inner runs of white space made one space; blank is none. */
public final class Faults {

    private Faults() {
    }

    /** The fault to keep, or null for a blank one (or none given). */
    public static String normalise(String fault) {
        if (fault == null) {
            return null;
        }
        String s = fault.strip().replaceAll("\\s+", " ");
        return s.isEmpty() ? null : s;
    }
}

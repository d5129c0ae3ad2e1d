package com.evhotline.call;

import java.util.regex.Pattern;

/**
 * What the PBX may name a call by, on every path in (FastAGI, AMI, CDR): a linked id of letters,
 * digits, '.', '_' and '-', at most 64 (Asterisk writes {@code 1764121456.42}); and a recording's file
 * name of the same letters at most 255 long (the column), with no directory in it.
 */
public final class LinkedIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern RECORDING = Pattern.compile("[A-Za-z0-9._+-]{1,255}");

    private LinkedIds() {
    }

    public static boolean valid(String linkedId) {
        return linkedId != null && ID.matcher(linkedId).matches();
    }

    /**
     * A queue's or an answerer's name as the PBX gave it, or null when longer than its column holds
     * ({@code max}): an over-long name is dropped rather than leave its call unwritten.
     */
    public static String name(String name, int max) {
        return name == null || name.length() > max ? null : name;
    }

    /** The recording's name as kept, or null when it cannot be one. */
    public static String recordingName(String name) {
        return name != null && RECORDING.matcher(name).matches() && !name.startsWith(".") ? name : null;
    }
}

package com.evhotline.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which channels beside the web inbox carry each kind of message, in office hours and outside them,
 * as configured ({@code DEADLINE_BREACHED:SMS+VOICE, ...}); a channel that is not set up here (no SMS
 * gateway, no mail server, no PBX) is left out, so nothing waits for a channel that cannot deliver.
 */
public final class ChannelPlan {

    public static final Set<String> CHANNELS = Set.of("SMS", "EMAIL", "VOICE");
    public static final Set<String> KINDS = Set.of("DEADLINE_WARNING", "DEADLINE_BREACHED", "ESCALATION",
            "MAJOR_INCIDENT", "TIMER_FAILED", "ROSTER_EMPTY", "MISSED_CALL", "DATA_SKIPPED", "DISPATCH_NOTICE",
            "DELIVERY_FAILED", "CALL_FORWARDED", "NOTICE_UNACKNOWLEDGED");

    private final Map<String, List<String>> officeHours;
    private final Map<String, List<String>> afterHours;
    private final String[] available;

    public ChannelPlan(String officeHours, String afterHours, Set<String> available) {
        this.available = available.toArray(String[]::new);
        this.officeHours = parse("hotline.notify.office-hours", officeHours, available);
        this.afterHours = parse("hotline.notify.after-hours", afterHours, available);
    }

    /** The channels set up here (a station's own choice is kept to these). */
    public String[] available() {
        return available.clone();
    }

    /** The channels of a kind of message planned now. */
    public List<String> channels(String kind, boolean inOfficeHours) {
        return (inOfficeHours ? officeHours : afterHours).getOrDefault(kind, List.of());
    }

    /** The plan as two parallel arrays (kinds, channels) for the planning statement. */
    public String[][] pairs(boolean inOfficeHours) {
        List<String> kinds = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        (inOfficeHours ? officeHours : afterHours).forEach((kind, cs) -> cs.forEach(c -> {
            kinds.add(kind);
            channels.add(c);
        }));
        return new String[][] {kinds.toArray(String[]::new), channels.toArray(String[]::new)};
    }

    static Map<String, List<String>> parse(String key, String text, Set<String> available) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(key + ": '" + e + "' is not KIND:CHANNEL+CHANNEL"
                        + " (for example DEADLINE_BREACHED:SMS+VOICE)");
            }
            String kind = e.substring(0, colon).trim();
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException(key + ": unknown kind '" + kind + "'; the kinds are " + KINDS);
            }
            Set<String> channels = new LinkedHashSet<>();
            for (String c : e.substring(colon + 1).split("\\+")) {
                String channel = c.trim();
                if (!CHANNELS.contains(channel)) {
                    throw new IllegalArgumentException(key + ": unknown channel '" + channel + "' for " + kind
                            + "; the channels are SMS, EMAIL, VOICE (the web inbox is always told)");
                }
                if (available.contains(channel)) {
                    channels.add(channel);
                }
            }
            if (out.put(kind, List.copyOf(channels)) != null) {
                throw new IllegalArgumentException(key + ": " + kind + " is named twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }
}

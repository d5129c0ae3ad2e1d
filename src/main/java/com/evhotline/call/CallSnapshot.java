package com.evhotline.call;

import java.time.Instant;

/**
 * What is known of one call at a moment: written to {@code call_record} as it is, so writing the same
 * snapshot twice (a repeated event, a second batch) changes nothing. {@code routedAt}: when the routing
 * script decided the call's route, as it told the channel (null: not seen).
 */
public record CallSnapshot(String linkedId, String callerRaw, Instant startedAt, String queue, Instant queuedAt,
        boolean offered, Instant answeredAt, String answeredByName, CallOutcome outcome, Instant endedAt,
        String recording, Instant routedAt) {

    public CallSnapshot(String linkedId, String callerRaw, Instant startedAt, String queue, Instant queuedAt,
            boolean offered, Instant answeredAt, String answeredByName, CallOutcome outcome, Instant endedAt,
            String recording) {
        this(linkedId, callerRaw, startedAt, queue, queuedAt, offered, answeredAt, answeredByName, outcome, endedAt,
                recording, null);
    }

    public boolean ended() {
        return outcome != CallOutcome.IN_PROGRESS;
    }
}

package com.evhotline.call;

import java.time.Instant;

/**
 * What is known of one call at a moment: written to {@code call_record} as it is, so writing the same
 * snapshot twice (a repeated event, a second batch) changes nothing.
 */
public record CallSnapshot(String linkedId, String callerRaw, Instant startedAt, String queue, Instant queuedAt,
        boolean offered, Instant answeredAt, String answeredByName, CallOutcome outcome, Instant endedAt,
        String recording) {

    public boolean ended() {
        return outcome != CallOutcome.IN_PROGRESS;
    }
}

package com.evhotline.telephony.ami;

import java.time.Instant;

/**
 * What the PBX said of one member of a queue, in our words: a field it did not send is null. {@code at} is
 * the event's {@code Timestamp}, or null when it carried none (the members listed by {@code QueueStatus}).
 */
record MemberReport(Kind kind, String queue, String device, String memberName, Boolean paused, String reason,
        Integer status, Boolean inCall, Instant at) {

    /** Which event it came from: a member added, removed, paused or unpaused, its phone's state, or a listing. */
    enum Kind { ADDED, REMOVED, PAUSE, STATUS, LISTED }

    /** The phone gone from the queue, as a listing that left it out says. */
    static MemberReport gone(String queue, String device, Instant at) {
        return new MemberReport(Kind.REMOVED, queue, device, null, null, null, null, null, at);
    }
}

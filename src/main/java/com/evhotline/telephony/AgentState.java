package com.evhotline.telephony;

import java.time.Instant;

/**
 * An agent's place in the agents' queue as the PBX reports it: whether their phone ({@code device}, the queue
 * member's interface) is in the queue, paused and why, and what the phone is doing. Fired as a CDI event
 * whenever it changes, so pages can show it live. {@code staffId} is null when no active person has that phone
 * in staff data; {@code since} is when the queue state or the phone's state last changed.
 */
public record AgentState(Long staffId, String device, String memberName, boolean loggedIn, boolean paused,
        String reason, DeviceState deviceState, boolean inCall, Instant since) {

    /** A phone that is not in the queue (as far as the PBX has said). */
    public static AgentState notInQueue(Long staffId, String device) {
        return new AgentState(staffId, device, null, false, false, null, null, false, null);
    }

    public AgentState withStaffId(Long id) {
        return new AgentState(id, device, memberName, loggedIn, paused, reason, deviceState, inCall, since);
    }
}

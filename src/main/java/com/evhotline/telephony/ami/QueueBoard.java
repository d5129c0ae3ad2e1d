package com.evhotline.telephony.ami;

import com.evhotline.telephony.AgentState;
import com.evhotline.telephony.DeviceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The members of the agents' queue as the PBX last reported them, by phone (the member's interface). Reports
 * of other queues are ignored. Not thread-safe: its owner ({@link AgentStates}) applies reports one at a time.
 */
final class QueueBoard {

    private final String queue;
    private final Map<String, AgentState> members = new LinkedHashMap<>();

    QueueBoard(String queue) {
        this.queue = queue;
    }

    String queue() {
        return queue;
    }

    /** The phone's state, or null when it is not in the queue. */
    AgentState of(String device) {
        return members.get(device);
    }

    List<AgentState> all() {
        return List.copyOf(members.values());
    }

    /**
     * Applies one report ({@code now} stands in for a time the PBX did not give); answers the member's new
     * state, or null when the report changes nothing or is of another queue.
     */
    AgentState apply(MemberReport r, Instant now) {
        if (r.device() == null || r.queue() == null || !queue.equalsIgnoreCase(r.queue())) {
            return null;
        }
        Instant at = r.at() == null ? now : r.at();
        AgentState before = members.get(r.device());
        if (r.kind() == MemberReport.Kind.REMOVED) {
            if (before == null) {
                return null;
            }
            members.remove(r.device());
            return new AgentState(null, r.device(), before.memberName(), false, false, null,
                    r.status() == null ? before.deviceState() : DeviceState.of(r.status()), false, at);
        }
        boolean paused = r.paused() != null ? r.paused() : before != null && before.paused();
        String reason = !paused ? null : r.paused() != null ? r.reason() : before == null ? null : before.reason();
        DeviceState device = r.status() != null ? DeviceState.of(r.status())
                : before == null ? DeviceState.UNKNOWN : before.deviceState();
        boolean inCall = r.inCall() != null ? r.inCall() : before != null && before.inCall();
        String name = r.memberName() != null ? r.memberName() : before == null ? null : before.memberName();
        boolean moved = before == null || before.paused() != paused || !Objects.equals(before.reason(), reason)
                || before.deviceState() != device;
        if (!moved && before.inCall() == inCall && Objects.equals(before.memberName(), name)) {
            return null;
        }
        AgentState after = new AgentState(null, r.device(), name, true, paused, reason, device, inCall,
                moved ? at : before.since());
        members.put(r.device(), after);
        return after;
    }

    /**
     * The PBX's list of the queue's members (or, with {@code onlyDevice}, of that one phone's membership)
     * replaces what was known: members it leaves out have left. Answers the states that changed.
     */
    List<AgentState> replace(List<MemberReport> listed, String onlyDevice, Instant now) {
        List<AgentState> changed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MemberReport r : listed) {
            if (r.queue() != null && queue.equalsIgnoreCase(r.queue()) && r.device() != null
                    && (onlyDevice == null || onlyDevice.equals(r.device()))) {
                seen.add(r.device());
                add(changed, apply(r, now));
            }
        }
        for (String device : List.copyOf(members.keySet())) {
            if (!seen.contains(device) && (onlyDevice == null || onlyDevice.equals(device))) {
                add(changed, apply(MemberReport.gone(queue, device, null), now));
            }
        }
        return changed;
    }

    private static void add(List<AgentState> changed, AgentState s) {
        if (s != null) {
            changed.add(s);
        }
    }
}

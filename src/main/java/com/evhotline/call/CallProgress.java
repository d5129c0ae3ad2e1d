package com.evhotline.call;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One inbound call as the PBX's events tell it, whatever order they come in: a call answered stays
 * answered, the earliest start wins, and an event seen twice changes nothing. The outcome is
 * derived from what was seen, never stored apart from it, and is decided only once the call has
 * ended: the caller's channel hung up and either every channel of the call seen so far is gone or
 * the tracker's grace after that hangup has passed. Until then the call is in progress, so the
 * PBX's events of the call's last moments (an abandon reported just after the caller's hangup)
 * count whatever their order.
 */
final class CallProgress {

    private static final String ACCEPTED = "HOTLINE_ACCEPTED";
    private static final String ACCEPTED_NUMBER = "HOTLINE_ACCEPTED_NUMBER";
    private static final String RECORDING = "HOTLINE_RECORDING";
    private static final String MISSED = "HOTLINE_MISSED";
    private static final String ROUTED_AT = "HOTLINE_ROUTED_AT";

    private enum Answer { AGENT, MOBILE }

    final String linkedId;
    private Instant startedAt;
    private boolean startTimedByPbx;
    private String callerRaw;
    private String queue;
    private Instant queuedAt;
    private boolean inQueue;
    private boolean offered;
    private final Map<String, String> dialled = new HashMap<>();
    private final Map<String, String> acceptedNumber = new HashMap<>();
    private final java.util.Set<String> agentLegs = new java.util.HashSet<>();
    private String lastDialled;
    private Answer answer;
    private Instant answeredAt;
    private String answeredByName;
    private boolean namedByMember;
    private boolean callerLeftWaiting;
    private boolean givenUp;
    private Instant endedAt;
    private String recording;
    /** When the routing script decided the route, as it told the channel; the first such instant counts. */
    private Instant routedAt;
    /** The call's channels seen created or listed, and those seen hung up (a late copy never revives one). */
    private final java.util.Set<String> channels = new java.util.HashSet<>();
    private final java.util.Set<String> hungUp = new java.util.HashSet<>();
    /** When the service heard the caller's channel hang up, by its own clock: the grace runs from here. */
    private Instant endingSince;
    private boolean decided;
    Instant lastEventAt;
    boolean confirmed = true;

    CallProgress(String linkedId, Instant startedAt) {
        this.linkedId = linkedId;
        this.startedAt = startedAt;
        this.lastEventAt = startedAt;
    }

    /** Applies one event, heard at {@code heardAt} by the service's clock; true when the call's snapshot changed. */
    boolean apply(PbxEvent e, Instant heardAt) {
        CallSnapshot before = snapshot();
        lastEventAt = max(lastEventAt, e.at());
        switch (e.kind()) {
            case NEW_CHANNEL, CALLER_ID, SNAPSHOT -> onChannel(e);
            case QUEUE_JOIN -> {
                queue = e.name();
                queuedAt = min(queuedAt, e.at());
                inQueue = true;
                offered = true;
                callerLeftWaiting &= endedAt != null; // after the end, late copies only confirm a caller who left
            }
            case QUEUE_LEAVE -> inQueue = false;
            case QUEUE_ABANDON -> {
                inQueue = false;
                callerLeftWaiting = answer == null;
            }
            case AGENT_CONNECT -> answered(Answer.AGENT, e.at(), e.name(), true);
            case DIAL_BEGIN -> {
                offered = true;
                callerLeftWaiting &= endedAt != null; // a new wait (only how it ends counts); after the end, a late copy
                lastDialled = e.value();
                dialled.put(e.peerUniqueId(), e.value());
                if (inQueue) {
                    agentLegs.add(e.peerUniqueId()); // the queue ringing a member
                }
            }
            case DIAL_END -> onDialEnd(e);
            case VAR_SET -> onVariable(e);
            case HANGUP -> {
                if (e.uniqueId() != null) {
                    hungUp.add(e.uniqueId());
                }
                if (e.uniqueId() != null && e.uniqueId().equals(linkedId)) {
                    endedAt = min(endedAt, e.at());
                    endingSince = endingSince == null ? heardAt : endingSince;
                }
            }
        }
        if (endedAt != null && hungUp.containsAll(channels)) {
            decided = true; // every channel of the call is gone: nothing more will be said of it
        }
        return !before.equals(snapshot());
    }

    /** The caller has hung up and the outcome waits for the call's other channels or the grace. */
    boolean ending() {
        return endedAt != null && !decided;
    }

    /** Decides the outcome when the grace after the caller's hangup has passed at {@code now}; true if it did. */
    boolean decideIfDue(Instant now, java.time.Duration grace) {
        if (ending() && !now.isBefore(endingSince.plus(grace))) {
            decided = true;
            return true;
        }
        return false;
    }

    /** The call is taken as ended when last heard of (its end was not heard, see CallTracker#lose). */
    void endUnheard() {
        endedAt = min(endedAt, lastEventAt);
        decided = true;
    }

    private void onChannel(PbxEvent e) {
        if (e.uniqueId() != null) {
            channels.add(e.uniqueId());
        }
        // A reconnect's list of channels dates them from whole seconds of Duration on the service's own clock:
        // an estimate, used only until an event the PBX timestamped itself is seen.
        boolean estimate = e.kind() == PbxEvent.Kind.SNAPSHOT;
        if (estimate) {
            answeredDuringDrop(e);
        }
        if (!estimate || !startTimedByPbx) {
            startedAt = min(startedAt, e.at());
        }
        startTimedByPbx |= !estimate;
        // Only the caller's own channel (the call's first: its unique id is the linked id) carries the caller's
        // number. A leg dialled out through the trunk starts in hotline-in too (the trunk endpoint's context),
        // with the calling extension ("s") as its number: taken from there, a withheld caller would get one.
        boolean callersChannel = linkedId.equals(e.uniqueId());
        if (callerRaw == null && callersChannel && e.callerNum() != null && !e.callerNum().isBlank()
                && !e.callerNum().startsWith("<")) {
            callerRaw = e.callerNum();
        }
    }

    /**
     * A reconnect lists a leg the queue or a dial bridged to the caller while the link was down: the call
     * was answered (a mobile is bridged only after it accepted). The leg's start is the closest time known.
     */
    private void answeredDuringDrop(PbxEvent e) {
        boolean bridged = e.value() != null && !e.value().isBlank();
        if (!bridged || answer != null || linkedId.equals(e.uniqueId())) {
            return;
        }
        if ("AppQueue".equals(e.name())) {
            answered(Answer.AGENT, e.at(), endpoint(e.channel()), true);
        } else if ("AppDial".equals(e.name())) {
            answered(Answer.MOBILE, e.at(), null, false);
        }
    }

    /** {@code PJSIP/agent-1-0000001a} → {@code agent-1}: the endpoint, named after the agent's login. */
    static String endpoint(String channel) {
        if (channel == null || channel.isBlank()) {
            return null;
        }
        String s = channel.contains("/") ? channel.substring(channel.indexOf('/') + 1) : channel;
        return s.replaceFirst("-[0-9a-f]{8}(;[12])?$", "");
    }

    private void onDialEnd(PbxEvent e) {
        String status = e.value() == null ? "" : e.value();
        if (status.equals("ANSWER") && agentLegs.contains(e.peerUniqueId())) {
            answered(Answer.AGENT, e.at(), dialled.get(e.peerUniqueId()), false);
        } else if (status.equals("CANCEL")) {
            callerLeftWaiting = answer == null;
        } else if (!status.equals("ANSWER") && !status.isEmpty() && !status.equals("RINGING")
                && !status.equals("PROCEEDING") && !status.equals("PROGRESS")) {
            callerLeftWaiting &= endedAt != null; // after the end, late copies only confirm a caller who left
        }
    }

    private void onVariable(PbxEvent e) {
        if (ACCEPTED.equals(e.name()) && "1".equals(e.value())) {
            String number = acceptedNumber.getOrDefault(e.uniqueId(), dialled.getOrDefault(e.uniqueId(), lastDialled));
            answered(Answer.MOBILE, e.at(), number, true);
        } else if (ACCEPTED_NUMBER.equals(e.name()) && e.value() != null && !e.value().isBlank()) {
            acceptedNumber.put(e.uniqueId(), e.value()); // the dialplan names the number just before the flag
        } else if (ROUTED_AT.equals(e.name()) && routedAt == null) {
            routedAt = RoutedAt.parse(e.value()); // a value that is no instant leaves it unknown: the start stands in
        } else if (MISSED.equals(e.name()) && "1".equals(e.value())) {
            givenUp = true; // the dialplan ran out of phones to ring: the hotline missed it, whoever hangs up
        } else if (RECORDING.equals(e.name()) && e.value() != null && !e.value().isBlank()) {
            // a name that cannot be a recording's (too long for its column, a path out of the directory) is not kept:
            // the call is written without it rather than not at all
            recording = LinkedIds.recordingName(e.value());
        } else if ("QUEUESTATUS".equals(e.name())) {
            inQueue = false;
        }
    }

    private void answered(Answer how, Instant at, String by, boolean namesPerson) {
        inQueue = false;
        callerLeftWaiting = false;
        if (answer == null) {
            answer = how;
            answeredAt = at;
            answeredByName = by;
            namedByMember = namesPerson;
            return;
        }
        if (how != answer) {
            return; // the first way the call was answered is how it was answered
        }
        if (at.isBefore(answeredAt)) {
            answeredAt = at;
        }
        if (by != null && (answeredByName == null || (namesPerson && !namedByMember))) {
            answeredByName = by;
            namedByMember = namesPerson;
        }
    }

    CallOutcome outcome() {
        if (!decided) {
            return CallOutcome.IN_PROGRESS;
        }
        if (answer != null) {
            return answer == Answer.AGENT ? CallOutcome.ANSWERED : CallOutcome.FORWARDED;
        }
        return !givenUp && (callerLeftWaiting || !offered) ? CallOutcome.ABANDONED : CallOutcome.MISSED;
    }

    /** The outcome is decided: the call has ended. */
    boolean ended() {
        return decided;
    }

    CallSnapshot snapshot() {
        return new CallSnapshot(linkedId, callerRaw, startedAt, queue, queuedAt, offered, answeredAt, answeredByName,
                outcome(), decided ? endedAt : null, recording, routedAt);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}

package com.evhotline.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Follows every call that enters the hotline context, keyed by Asterisk's linked id, and tells which
 * calls changed. Not thread-safe: one thread (the AMI gateway's ordered queue) feeds it.
 */
public final class CallTracker {

    /** The dialplan context every hotline call enters. */
    public static final String HOTLINE_CONTEXT = "hotline-in";

    private static final int MAX_ID = 64;

    private final Map<String, CallProgress> calls = new HashMap<>();
    /** Calls whose caller hung up while other channels of theirs are still up: decided at the latest after the grace. */
    private final Map<String, CallProgress> ending = new java.util.LinkedHashMap<>();
    private final Duration keepEnded;
    private final Duration giveUpSilent;
    private final Duration endGrace;

    /**
     * @param keepEnded how long an ended call is remembered, so late or repeated events change nothing
     * @param giveUpSilent how long a call with no event at all is followed before it is left to the CDRs
     * @param endGrace how long after the caller's hangup a call's other channels may still report, before its
     *     outcome is decided from what was heard by then
     */
    public CallTracker(Duration keepEnded, Duration giveUpSilent, Duration endGrace) {
        this.keepEnded = keepEnded;
        this.giveUpSilent = giveUpSilent;
        this.endGrace = endGrace;
    }

    /** {@link #apply(PbxEvent, Instant)} with the event heard at the PBX's own time of it. */
    public CallSnapshot apply(PbxEvent e) {
        return apply(e, e.at());
    }

    /**
     * Applies one event, heard at {@code heardAt} by the service's clock; answers the call's new snapshot, or
     * null when nothing changed or the call is not ours.
     */
    public CallSnapshot apply(PbxEvent e, Instant heardAt) {
        if (e.linkedId() == null || e.at() == null || e.linkedId().length() > MAX_ID) {
            return null; // not a channel of Asterisk's (its ids are short); it could never be written
        }
        CallProgress call = calls.get(e.linkedId());
        if (call == null) {
            if (!startsCall(e)) {
                return null;
            }
            call = new CallProgress(e.linkedId(), e.at());
            calls.put(e.linkedId(), call);
            call.apply(e, heardAt);
            return call.snapshot();
        }
        call.confirmed = true; // listed by the PBX, or heard of since the list was asked for: it is still there
        boolean changed = call.apply(e, heardAt);
        if (call.ending()) {
            ending.put(call.linkedId, call);
        } else {
            ending.remove(call.linkedId);
        }
        return changed ? call.snapshot() : null;
    }

    /**
     * Calls whose caller hung up at least the grace ago (by the service's clock) while some other channel of
     * theirs was never heard to go: their outcome is decided now, from everything heard by then.
     */
    public List<CallSnapshot> decideDue(Instant now) {
        if (ending.isEmpty()) {
            return List.of();
        }
        List<CallSnapshot> decided = new ArrayList<>();
        for (Iterator<CallProgress> it = ending.values().iterator(); it.hasNext();) {
            CallProgress c = it.next();
            if (c.decideIfDue(now, endGrace)) {
                decided.add(c.snapshot());
                it.remove();
            }
        }
        return decided;
    }

    /**
     * Whether a channel begins a hotline call: it is in the hotline context and it called in, rather than
     * being dialled out by some call. The trunk's channels take the trunk endpoint's context, hotline-in,
     * also when they are dialled out (an agent's call-back to a customer, a voice notice, a mobile of the
     * forward chain): such a channel is created {@code Down}, or listed in {@code AppDial} or
     * {@code AppQueue}, and is not its call's first channel. Taken for a call of its own, an agent's
     * call-back would become a missed hotline call with a ticket in CALLBACK.
     */
    public static boolean startsCall(PbxEvent e) {
        if (!HOTLINE_CONTEXT.equals(e.context())
                || (e.kind() != PbxEvent.Kind.NEW_CHANNEL && e.kind() != PbxEvent.Kind.SNAPSHOT)) {
            return false;
        }
        if (e.linkedId() != null && e.linkedId().equals(e.uniqueId())) {
            return true; // the call's first channel (its unique id is the linked id)
        }
        boolean dialled = e.kind() == PbxEvent.Kind.NEW_CHANNEL
                ? "Down".equalsIgnoreCase(e.name())
                : "AppDial".equals(e.name()) || "AppQueue".equals(e.name());
        return !dialled;
    }

    /**
     * A reconnect's list of channels in the order to apply it: the channels that can begin a call first,
     * so that a dialled leg listed before its caller is still taken for the call (its bridge tells the call
     * was answered during the drop). Otherwise in the PBX's order.
     */
    public static List<PbxEvent> startersFirst(List<PbxEvent> channels) {
        List<PbxEvent> out = new ArrayList<>(channels.size());
        channels.stream().filter(CallTracker::startsCall).forEach(out::add);
        channels.stream().filter(c -> !startsCall(c)).forEach(out::add);
        return out;
    }

    /** Whether the call is being followed (or ended recently), so the CDR reconciliation leaves it alone. */
    public boolean knows(String linkedId) {
        return calls.containsKey(linkedId);
    }

    /** The endpoint of a channel name ({@code PJSIP/agent-1-0000001a} → {@code agent-1}). */
    public static String endpoint(String channel) {
        return CallProgress.endpoint(channel);
    }

    /** Every linked id followed now. */
    public void forEachKnown(java.util.function.Consumer<String> action) {
        calls.keySet().forEach(action);
    }

    /**
     * The link came back and the PBX's list of channels is being asked for: every call in progress must
     * now be confirmed, by the list or by any event heard after this point (a call that changed while
     * the list was being taken is still there even if the list missed it).
     */
    public void beginResync() {
        calls.values().forEach(c -> c.confirmed = c.ended() || c.ending()); // the caller of an ending call hung up
    }

    /** The PBX's list could not be had: nothing is dropped for want of it. */
    public void keepAll() {
        calls.values().forEach(c -> c.confirmed = true);
    }

    /**
     * A call the PBX no longer lists: {@code endedByThen} is what was seen of it, ended when it was last
     * heard of ({@code lastHeard}: the real end is later and unknown, so no wait or talk time is invented),
     * {@code missedAt} when the PBX's list showed it gone.
     */
    public record Lost(CallSnapshot endedByThen, Instant lastHeard, Instant missedAt) {
        public String linkedId() {
            return endedByThen.linkedId();
        }

        /** When its CDR has had {@code wait} to come: from the later of the two, so a long drop still gets it. */
        public Instant dueAfter(java.time.Duration wait) {
            return (lastHeard.isAfter(missedAt) ? lastHeard : missedAt).plus(wait);
        }
    }

    /**
     * The PBX's list of channels is complete ({@code at}): calls in progress that it did not list ended
     * while the link was down. They are forgotten here and answered, for the CDR reconciliation to settle
     * (or, when no CDR comes, the AMI gateway from what was seen of them).
     */
    public List<Lost> endResync(Instant at) {
        List<Lost> lost = new ArrayList<>();
        for (Iterator<CallProgress> it = calls.values().iterator(); it.hasNext();) {
            CallProgress c = it.next();
            if (!c.confirmed) {
                lost.add(lose(c, at));
                it.remove();
                ending.remove(c.linkedId);
            }
        }
        return lost;
    }

    /**
     * Forgets ended calls after a while, and calls the PBX has said nothing about for very long: those are
     * answered as lost (their end was never heard), for their CDR or, failing it, what was seen to settle.
     */
    public List<Lost> evict(Instant now) {
        List<Lost> silent = new ArrayList<>();
        for (Iterator<CallProgress> it = calls.values().iterator(); it.hasNext();) {
            CallProgress c = it.next();
            Instant last = c.lastEventAt;
            if (c.ended() && last.plus(keepEnded).isBefore(now)) {
                it.remove();
            } else if (!c.ended() && last.plus(giveUpSilent).isBefore(now)) {
                silent.add(lose(c, now));
                it.remove();
                ending.remove(c.linkedId);
            }
        }
        return silent;
    }

    /** The call as lost: ended when last heard of. */
    private static Lost lose(CallProgress c, Instant missedAt) {
        Instant lastHeard = c.lastEventAt;
        c.endUnheard();
        return new Lost(c.snapshot(), lastHeard, missedAt);
    }

    public int size() {
        return calls.size();
    }
}

package com.evhotline.telephony.ami;

import com.evhotline.call.CallTracker;
import com.evhotline.call.PbxEvent;
import com.evhotline.call.PbxEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.VarSetEvent;

/**
 * Turns Asterisk-Java's events into {@link PbxEvent}s, dropping on the reader thread everything the
 * call tracker does not need (RTP reports, device states, most variables), so only a few objects per
 * call reach the queue.
 */
final class AmiEvents {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{5,}");

    private AmiEvents() {
    }

    /** The event in our words, or null when the tracker does not need it. */
    static PbxEvent translate(ManagerEvent e) {
        Instant at = at(e);
        if (e instanceof NewChannelEvent n) {
            // the state tells a channel created to be dialled out (Down) from one that called in (Ring)
            return new PbxEvent(Kind.NEW_CHANNEL, at, n.getLinkedid(), n.getUniqueId(), n.getChannel(), n.getContext(),
                    n.getCallerIdNum(), null, n.getChannelStateDesc(), null);
        }
        if (e instanceof NewCallerIdEvent n) {
            return new PbxEvent(Kind.CALLER_ID, at, n.getLinkedId(), n.getUniqueId(), n.getChannel(), n.getContext(),
                    n.getCallerIdNum(), null, null, null);
        }
        if (e instanceof NewExtenEvent n) {
            // a call sent into the hotline context from elsewhere (Goto) enters it here
            if (!CallTracker.HOTLINE_CONTEXT.equals(n.getContext()) || n.getPriority() == null || n.getPriority() != 1) {
                return null;
            }
            return new PbxEvent(Kind.NEW_CHANNEL, at, n.getLinkedId(), n.getUniqueId(), n.getChannel(), n.getContext(),
                    n.getCallerIdNum(), null, null, null);
        }
        if (e instanceof QueueCallerJoinEvent q) {
            return new PbxEvent(Kind.QUEUE_JOIN, at, q.getLinkedId(), q.getUniqueId(), q.getChannel(), q.getContext(),
                    q.getCallerIdNum(), null, q.getQueue(), null);
        }
        if (e instanceof QueueCallerLeaveEvent q) {
            return new PbxEvent(Kind.QUEUE_LEAVE, at, q.getLinkedId(), q.getUniqueId(), q.getChannel(), null, null,
                    null, q.getQueue(), null);
        }
        if (e instanceof QueueCallerAbandonEvent q) {
            return new PbxEvent(Kind.QUEUE_ABANDON, at, q.getLinkedId(), q.getUniqueId(), q.getChannel(), null, null,
                    null, q.getQueue(), null);
        }
        if (e instanceof AgentConnectEvent a) {
            return new PbxEvent(Kind.AGENT_CONNECT, at, a.getLinkedId(), a.getUniqueId(), a.getChannel(), null, null,
                    a.getDestUniqueId(), a.getMemberName(), a.getInterface());
        }
        if (e instanceof DialBeginEvent d) {
            if (d.getLinkedId() == null) {
                return null; // an Originate's dial has no calling channel
            }
            return new PbxEvent(Kind.DIAL_BEGIN, at, d.getLinkedId(), d.getUniqueId(), d.getChannel(), d.getContext(),
                    null, d.getDestUniqueId(), null, dialled(d.getDialString(), d.getDestExten()));
        }
        if (e instanceof DialEndEvent d) {
            if (d.getLinkedId() == null) {
                return null;
            }
            return new PbxEvent(Kind.DIAL_END, at, d.getLinkedId(), d.getUniqueId(), d.getChannel(), null, null,
                    d.getDestUniqueId(), null, d.getDialStatus());
        }
        if (e instanceof VarSetEvent v) {
            String name = v.getVariable();
            if (name == null || !(name.startsWith("HOTLINE_") || name.equals("QUEUESTATUS"))) {
                return null;
            }
            return new PbxEvent(Kind.VAR_SET, at, v.getLinkedId(), v.getUniqueId(), v.getChannel(), null, null, null,
                    name, v.getValue());
        }
        if (e instanceof HangupEvent h) {
            return new PbxEvent(Kind.HANGUP, at, h.getLinkedId(), h.getUniqueId(), h.getChannel(), null, null, null,
                    null, null);
        }
        return null;
    }

    /** A channel listed by CoreShowChannels; it began {@code Duration} ago. */
    static PbxEvent snapshot(CoreShowChannelEvent c, Instant now) {
        Instant began = now.minus(duration(c.getDuration()));
        return new PbxEvent(Kind.SNAPSHOT, began, c.getLinkedid(), c.getUniqueid(), c.getChannel(), c.getContext(),
                c.getCallerIdNum(), null, c.getApplication(), c.getBridgeid());
    }

    /** The number dialled: the digits of the dial string ({@code PJSIP/+8613700000001@trunk}), else the string. */
    static String dialled(String dialString, String destExten) {
        for (String s : new String[] {dialString, destExten}) {
            if (s != null) {
                Matcher m = NUMBER.matcher(s);
                if (m.find()) {
                    return m.group();
                }
            }
        }
        return dialString;
    }

    private static Instant at(ManagerEvent e) {
        Double ts = e.getTimestamp();
        if (ts != null) {
            long micros = Math.round(ts * 1_000_000d);
            return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
        }
        return e.getDateReceived() == null ? Instant.now() : e.getDateReceived().toInstant();
    }

    private static Duration duration(String hhmmss) {
        if (hhmmss == null || !hhmmss.matches("\\d+:\\d{2}:\\d{2}")) {
            return Duration.ZERO;
        }
        String[] p = hhmmss.split(":");
        return Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1])).plusSeconds(Long.parseLong(p[2]));
    }
}

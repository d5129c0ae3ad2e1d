package com.evhotline.telephony.ami;

import java.time.Instant;
import org.asteriskjava.manager.event.AbstractQueueMemberEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueMemberStatusEvent;

/**
 * Turns Asterisk-Java's queue member events into {@link MemberReport}s: {@code QueueMemberAdded},
 * {@code QueueMemberRemoved}, {@code QueueMemberPause} (and the older {@code QueueMemberPaused}),
 * {@code QueueMemberStatus}, and the {@code QueueMember} entries that answer {@code QueueStatus}.
 * Asterisk-Java gives the same fields different getters from one event class to another; this is where
 * that is smoothed over.
 */
final class QueueMemberEvents {

    private QueueMemberEvents() {
    }

    /** The report, or null when the event is not about a queue member. */
    static MemberReport translate(ManagerEvent e) {
        Instant at = timestamp(e);
        if (e instanceof QueueMemberAddedEvent a) {
            return new MemberReport(MemberReport.Kind.ADDED, a.getQueue(), device(a), a.getMemberName(), a.getPaused(),
                    a.getPausedReason(), a.getStatus(), flag(a.getInCall()), at);
        }
        if (e instanceof QueueMemberRemovedEvent r) {
            return new MemberReport(MemberReport.Kind.REMOVED, r.getQueue(), device(r), r.getMemberName(), null, null,
                    r.getStatus(), null, at);
        }
        if (e instanceof QueueMemberPauseEvent p) {
            // Asterisk 12+: the member's fields, the reason as PausedReason (Asterisk-Java may fill either setter)
            return new MemberReport(MemberReport.Kind.PAUSE, p.getQueue(), device(p), p.getMemberName(), p.getPaused(),
                    first(p.getPausedreason(), p.getPausedReason(), p.getReason()), p.getStatus(),
                    p.getIncall() == null ? flag(p.getInCall()) : Boolean.valueOf(p.getIncall() == 1), at);
        }
        if (e instanceof QueueMemberPausedEvent p) {
            return new MemberReport(MemberReport.Kind.PAUSE, p.getQueue(), device(p), p.getMemberName(), p.getPaused(),
                    first(p.getReason(), p.getPausedReason()), null, flag(p.getInCall()), at);
        }
        if (e instanceof QueueMemberStatusEvent s) {
            return member(MemberReport.Kind.STATUS, s, at);
        }
        if (e instanceof QueueMemberEvent m) {
            return member(MemberReport.Kind.LISTED, m, at);
        }
        return null;
    }

    /** A {@code QueueMember} entry of a {@code QueueStatus} answer (its name and interface as Name and Location). */
    static MemberReport listed(QueueMemberEvent m) {
        return member(MemberReport.Kind.LISTED, m, timestamp(m));
    }

    private static MemberReport member(MemberReport.Kind kind, QueueMemberEvent m, Instant at) {
        String device = first(m.getInterface(), m.getLocation(), m.getStateinterface());
        return new MemberReport(kind, m.getQueue(), device, first(m.getMemberName(), m.getName()), m.getPaused(),
                m.getPausedreason(), m.getStatus(), m.getIncall() == null ? null : m.getIncall() == 1, at);
    }

    private static String device(AbstractQueueMemberEvent e) {
        return first(e.getInterface(), e.getLocation());
    }

    private static Boolean flag(String value) {
        return value == null || value.isBlank() ? null : "1".equals(value.trim()) || "true".equalsIgnoreCase(value.trim());
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static Instant timestamp(ManagerEvent e) {
        Double ts = e.getTimestamp();
        if (ts == null) {
            return null;
        }
        long micros = Math.round(ts * 1_000_000d);
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }
}

package com.evhotline.support.ami;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake Asterisk's app_queue: its queues and their members, and what Asterisk 22 answers to {@code QueueAdd},
 * {@code QueuePause}, {@code QueueRemove} and {@code QueueStatus} ({@code manager_add_queue_member} and its
 * siblings in apps/app_queue.c): the response, then the member event every logged-in client receives.
 */
final class FakeQueues {

    /** One member as app_queue keeps it. */
    private static final class Member {
        final String queue;
        final String device;
        String name;
        String stateInterface;
        boolean dynamic;
        boolean paused;
        String reason = "";
        int status = 1;
        boolean inCall;
        long loginTime;
        long lastPause;

        Member(String queue, String device) {
            this.queue = queue;
            this.device = device;
        }
    }

    /** The response to an action, and the events that follow it (to every logged-in client). */
    record Outcome(AmiFrame response, List<AmiFrame> events) {
    }

    private final Set<String> queues = ConcurrentHashMap.newKeySet();
    private final Map<String, Member> members = new LinkedHashMap<>();

    FakeQueues() {
        queues.add("hotline");
    }

    synchronized void clear() {
        members.clear();
    }

    void addQueue(String name) {
        queues.add(name);
    }

    synchronized boolean has(String queue, String device) {
        return members.containsKey(key(queue, device));
    }

    /** The member as a {@code QueueMember} entry of QueueStatus would show it, or null. */
    synchronized AmiFrame member(String queue, String device) {
        Member m = members.get(key(queue, device));
        return m == null ? null : listed(m, null);
    }

    /** A member the PBX has without this client asking (restored from astdb after a restart, added by another client): no event. */
    synchronized void put(String queue, String device, String name, boolean paused, String reason) {
        Member m = new Member(queue, device);
        m.name = name;
        m.stateInterface = device;
        m.paused = paused;
        m.reason = reason == null ? "" : reason;
        m.dynamic = true;
        m.loginTime = Instant.now().getEpochSecond();
        members.put(key(queue, device), m);
    }

    /** Gone without an event (a PBX restarted without persistent members). */
    synchronized void drop(String queue, String device) {
        members.remove(key(queue, device));
    }

    /** The phone's device state changed (it rings, is picked up, goes unavailable): QueueMemberStatus per queue. */
    synchronized List<AmiFrame> status(String device, int status, boolean inCall, Instant at) {
        List<AmiFrame> events = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.device.equals(device)) {
                m.status = status;
                m.inCall = inCall;
                events.add(event("QueueMemberStatus", m, at));
            }
        }
        return events;
    }

    synchronized Outcome add(AmiFrame action, String id) {
        String queue = action.get("Queue");
        String device = action.get("Interface");
        if (blank(queue)) {
            return refused(id, "'Queue' not specified.");
        }
        if (blank(device)) {
            return refused(id, "'Interface' not specified.");
        }
        if (!queues.contains(queue)) {
            return refused(id, "Unable to add interface to queue: No such queue");
        }
        if (members.containsKey(key(queue, device))) {
            return refused(id, "Unable to add interface: Already there");
        }
        Member m = new Member(queue, device);
        m.name = blank(action.get("MemberName")) ? device : action.get("MemberName");
        m.stateInterface = blank(action.get("StateInterface")) ? device : action.get("StateInterface");
        m.dynamic = true;
        m.paused = yes(action.get("Paused"));
        m.reason = m.paused && !blank(action.get("Reason")) ? action.get("Reason") : "";
        m.loginTime = Instant.now().getEpochSecond();
        members.put(key(queue, device), m);
        return new Outcome(reply(id, "Success", "Added interface to queue"), List.of(event("QueueMemberAdded", m, null)));
    }

    /** Without a Queue, the phone is paused in every queue it is a member of. */
    synchronized Outcome pause(AmiFrame action, String id) {
        String queue = action.get("Queue");
        String device = action.get("Interface");
        String paused = action.get("Paused");
        if (blank(device) || blank(paused)) {
            return refused(id, "Need 'Interface' and 'Paused' parameters.");
        }
        List<AmiFrame> events = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.device.equals(device) && (blank(queue) || m.queue.equalsIgnoreCase(queue))) {
                m.paused = yes(paused);
                m.reason = m.paused && !blank(action.get("Reason")) ? action.get("Reason") : "";
                if (m.paused) {
                    m.lastPause = Instant.now().getEpochSecond();
                }
                events.add(event("QueueMemberPause", m, null));
            }
        }
        if (events.isEmpty()) {
            return refused(id, "Interface not found");
        }
        return new Outcome(reply(id, "Success", yes(paused) ? "Interface paused successfully"
                : "Interface unpaused successfully"), events);
    }

    synchronized Outcome remove(AmiFrame action, String id) {
        String queue = action.get("Queue");
        String device = action.get("Interface");
        if (blank(queue) || blank(device)) {
            return refused(id, "Need 'Queue' and 'Interface' parameters.");
        }
        if (!queues.contains(queue)) {
            return refused(id, "Unable to remove interface from queue: No such queue");
        }
        Member m = members.get(key(queue, device));
        if (m == null) {
            return refused(id, "Unable to remove interface: Not there");
        }
        if (!m.dynamic) {
            return refused(id, "Member not dynamic");
        }
        members.remove(key(queue, device));
        return new Outcome(reply(id, "Success", "Removed interface from queue"),
                List.of(event("QueueMemberRemoved", m, null)));
    }

    /** QueueParams per queue and QueueMember per member (filtered by Queue and Member), then QueueStatusComplete. */
    synchronized List<AmiFrame> status(AmiFrame action, String id) {
        String queue = action.get("Queue");
        String member = action.get("Member");
        List<AmiFrame> answer = new ArrayList<>();
        answer.add(reply(id, "Success", "Queue status will follow").with("EventList", "start"));
        int items = 0;
        for (String q : queues) {
            if (!blank(queue) && !q.equalsIgnoreCase(queue)) {
                continue;
            }
            answer.add(withId(AmiFrame.of("Event", "QueueParams", "Queue", q, "Max", "0", "Strategy", "ringall",
                    "Calls", "0", "Holdtime", "0", "TalkTime", "0", "Completed", "0", "Abandoned", "0",
                    "ServiceLevel", "20", "ServicelevelPerf", "0.0", "ServicelevelPerf2", "0.0", "Weight", "0"), id));
            items++;
            for (Member m : members.values()) {
                if (m.queue.equals(q) && (blank(member) || m.device.equals(member) || m.name.equals(member))) {
                    answer.add(listed(m, id));
                    items++;
                }
            }
        }
        answer.add(withId(AmiFrame.of("Event", "QueueStatusComplete"), id).with("EventList", "Complete")
                .with("ListItems", Integer.toString(items)));
        return answer;
    }

    /** A member event as Asterisk 22 writes it (QueueMemberAdded, ...Pause, ...Removed, ...Status). */
    private static AmiFrame event(String name, Member m, Instant at) {
        return AmiFrame.of("Event", name, "Privilege", "agent,all", "Timestamp", timestamp(at == null ? Instant.now() : at),
                "Queue", m.queue, "MemberName", m.name, "Interface", m.device, "StateInterface", m.stateInterface,
                "Membership", m.dynamic ? "dynamic" : "static", "Penalty", "0", "CallsTaken", "0", "LastCall", "0",
                "LastPause", Long.toString(m.lastPause), "LoginTime", Long.toString(m.loginTime),
                "InCall", m.inCall ? "1" : "0", "Status", Integer.toString(m.status), "Paused", m.paused ? "1" : "0",
                "PausedReason", m.reason, "Ringinuse", "1", "Wrapuptime", "0");
    }

    /** A QueueMember entry of QueueStatus: the name and interface as Name and Location. */
    private static AmiFrame listed(Member m, String id) {
        return withId(AmiFrame.of("Event", "QueueMember", "Queue", m.queue, "Name", m.name, "Location", m.device,
                "StateInterface", m.stateInterface, "Membership", m.dynamic ? "dynamic" : "static", "Penalty", "0",
                "CallsTaken", "0", "LastCall", "0", "LastPause", Long.toString(m.lastPause),
                "LoginTime", Long.toString(m.loginTime), "InCall", m.inCall ? "1" : "0",
                "Status", Integer.toString(m.status), "Paused", m.paused ? "1" : "0", "PausedReason", m.reason,
                "Wrapuptime", "0"), id);
    }

    private static Outcome refused(String id, String message) {
        return new Outcome(reply(id, "Error", message), List.of());
    }

    private static AmiFrame reply(String id, String response, String message) {
        AmiFrame f = AmiFrame.of("Response", response);
        return (id == null ? f : f.with("ActionID", id)).with("Message", message);
    }

    private static AmiFrame withId(AmiFrame f, String id) {
        return id == null ? f : f.with("ActionID", id);
    }

    private static String timestamp(Instant at) {
        return String.format(Locale.ROOT, "%d.%06d", at.getEpochSecond(), at.getNano() / 1_000);
    }

    private static boolean yes(String value) {
        return value != null && List.of("1", "yes", "true", "on").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String key(String queue, String device) {
        return queue.toLowerCase(Locale.ROOT) + "|" + device;
    }
}

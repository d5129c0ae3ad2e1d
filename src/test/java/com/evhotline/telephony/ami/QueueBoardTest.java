package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.telephony.AgentState;
import com.evhotline.telephony.DeviceState;
import com.evhotline.telephony.ami.MemberReport.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agents' queue as the PBX's reports build it, without Quarkus. */
class QueueBoardTest {

    private static final Instant T0 = Instant.parse("2030-03-04T01:00:00Z");
    private final QueueBoard board = new QueueBoard("hotline");

    private static MemberReport report(Kind kind, String device, Boolean paused, String reason, Integer status,
            Instant at) {
        return new MemberReport(kind, "hotline", device, "agent-1", paused, reason, status, false, at);
    }

    @Test
    void shouldFollowAMemberFromLoginThroughPauseAndRingingToLogout() {
        AgentState in = board.apply(report(Kind.ADDED, "PJSIP/1001", false, null, 1, T0), T0);
        assertTrue(in.loggedIn());
        assertEquals(DeviceState.NOT_INUSE, in.deviceState());
        assertEquals(T0, in.since());

        AgentState paused = board.apply(report(Kind.PAUSE, "PJSIP/1001", true, "lunch", null, T0.plusSeconds(60)), T0);
        assertTrue(paused.paused());
        assertEquals("lunch", paused.reason());
        assertEquals(DeviceState.NOT_INUSE, paused.deviceState(), "kept when the event does not say");
        assertEquals(T0.plusSeconds(60), paused.since());

        AgentState ringing = board.apply(report(Kind.STATUS, "PJSIP/1001", true, "lunch", 6, T0.plusSeconds(90)), T0);
        assertEquals(DeviceState.RINGING, ringing.deviceState());
        assertEquals("lunch", ringing.reason());

        assertNull(board.apply(report(Kind.STATUS, "PJSIP/1001", true, "lunch", 6, T0.plusSeconds(95)), T0),
                "the same state again changes nothing");

        AgentState back = board.apply(report(Kind.PAUSE, "PJSIP/1001", false, "lunch", null, T0.plusSeconds(120)), T0);
        assertFalse(back.paused());
        assertNull(back.reason(), "no reason once the pause is over");

        AgentState out = board.apply(report(Kind.REMOVED, "PJSIP/1001", null, null, null, T0.plusSeconds(200)), T0);
        assertFalse(out.loggedIn());
        assertEquals(T0.plusSeconds(200), out.since());
        assertNull(board.of("PJSIP/1001"));
        assertNull(board.apply(report(Kind.REMOVED, "PJSIP/1001", null, null, null, T0), T0), "gone already");
    }

    @Test
    void shouldIgnoreOtherQueuesAndStampWithTheClockWhatThePbxDidNot() {
        assertNull(board.apply(new MemberReport(Kind.ADDED, "sales", "PJSIP/1001", "x", false, null, 1, false, T0), T0));
        AgentState listed = board.apply(new MemberReport(Kind.LISTED, "HOTLINE", "PJSIP/1002", "agent-2", true, "training",
                2, true, null), T0.plusSeconds(5));
        assertEquals(T0.plusSeconds(5), listed.since());
        assertTrue(listed.inCall());
        assertEquals(List.of("PJSIP/1002"), board.all().stream().map(AgentState::device).toList());
    }

    @Test
    void shouldTakeThePbxsListForTheTruthDroppingMembersItLeavesOut() {
        board.apply(report(Kind.ADDED, "PJSIP/1001", false, null, 1, T0), T0);
        board.apply(report(Kind.ADDED, "PJSIP/1002", false, null, 1, T0), T0);

        List<AgentState> changed = board.replace(List.of(
                report(Kind.LISTED, "PJSIP/1002", true, "meeting", 1, null),
                report(Kind.LISTED, "PJSIP/1003", false, null, 5, null)), null, T0.plusSeconds(9));

        assertEquals(List.of("PJSIP/1002 true", "PJSIP/1003 true", "PJSIP/1001 false"),
                changed.stream().map(s -> s.device() + " " + s.loggedIn()).toList());
        assertEquals(List.of("PJSIP/1002", "PJSIP/1003"), board.all().stream().map(AgentState::device).toList());

        List<AgentState> one = board.replace(List.of(), "PJSIP/1003", T0.plusSeconds(10));
        assertEquals(List.of("PJSIP/1003 false"), one.stream().map(s -> s.device() + " " + s.loggedIn()).toList());
        assertEquals(List.of("PJSIP/1002"), board.all().stream().map(AgentState::device).toList(),
                "a list of one phone leaves the others alone");
    }
}

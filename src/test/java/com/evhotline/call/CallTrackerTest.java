package com.evhotline.call;

import static com.evhotline.call.PbxEvent.Kind.AGENT_CONNECT;
import static com.evhotline.call.PbxEvent.Kind.CALLER_ID;
import static com.evhotline.call.PbxEvent.Kind.DIAL_BEGIN;
import static com.evhotline.call.PbxEvent.Kind.DIAL_END;
import static com.evhotline.call.PbxEvent.Kind.HANGUP;
import static com.evhotline.call.PbxEvent.Kind.NEW_CHANNEL;
import static com.evhotline.call.PbxEvent.Kind.QUEUE_ABANDON;
import static com.evhotline.call.PbxEvent.Kind.QUEUE_JOIN;
import static com.evhotline.call.PbxEvent.Kind.QUEUE_LEAVE;
import static com.evhotline.call.PbxEvent.Kind.SNAPSHOT;
import static com.evhotline.call.PbxEvent.Kind.VAR_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.PbxEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The call-outcome state machine, fed by hand-made PBX events in the shapes the AMI gateway produces. */
class CallTrackerTest {

    static final Instant T0 = Instant.parse("2030-05-10T14:00:00Z");
    static final String CALL = "1895796977.12"; // the caller's channel: its unique id is the call's linked id
    static final String HALF = "1895796977.13"; // another channel of the call in hotline-in (a Local ;2 half)
    static final String MOBILE_1 = "1895796977.14";
    static final String MOBILE_2 = "1895796981.16";
    static final String AGENT_LEG = "1895796978.20";
    static final String CALLER = "+8613800001002";
    static final Duration KEEP_ENDED = Duration.ofMinutes(10);
    static final Duration GIVE_UP_SILENT = Duration.ofHours(4);

    static final Duration END_GRACE = Duration.ofSeconds(2);

    final CallTracker tracker = new CallTracker(KEEP_ENDED, GIVE_UP_SILENT, END_GRACE);
    CallSnapshot last;

    static Instant at(double seconds) {
        return T0.plusNanos(Math.round(seconds * 1_000_000_000d));
    }

    /** An event of the call under test on the caller's channel at {@code seconds} after T0; the setters below change that. */
    static Ev ev(Kind kind, double seconds) {
        return new Ev(kind, at(seconds));
    }

    static final class Ev {
        final Kind kind;
        final Instant at;
        String linkedId = CALL;
        String uniqueId = CALL;
        String context;
        String callerNum;
        String peer;
        String name;
        String value;

        Ev(Kind kind, Instant at) {
            this.kind = kind;
            this.at = at;
        }

        Ev call(String id) {
            linkedId = id;
            uniqueId = id;
            return this;
        }

        Ev on(String channelUniqueId) {
            uniqueId = channelUniqueId;
            return this;
        }

        Ev in(String dialplanContext) {
            context = dialplanContext;
            return this;
        }

        Ev caller(String number) {
            callerNum = number;
            return this;
        }

        Ev peer(String peerUniqueId) {
            peer = peerUniqueId;
            return this;
        }

        Ev name(String n) {
            name = n;
            return this;
        }

        Ev value(String v) {
            value = v;
            return this;
        }

        PbxEvent event() {
            return new PbxEvent(kind, at, linkedId, uniqueId, "PJSIP/x-" + uniqueId, context, callerNum, peer, name,
                    value);
        }
    }

    // the steps of a call, as the AMI gateway translates them

    static Ev enters(double t) {
        return ev(NEW_CHANNEL, t).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER);
    }

    static Ev queued(double t) {
        return ev(QUEUE_JOIN, t).in(CallTracker.HOTLINE_CONTEXT).name("hotline");
    }

    static Ev dials(double t, String peer, String number) {
        return ev(DIAL_BEGIN, t).peer(peer).value(number);
    }

    static Ev dialEnds(double t, String peer, String status) {
        return ev(DIAL_END, t).peer(peer).value(status);
    }

    static Ev accepted(double t, String mobileChannel) {
        return ev(VAR_SET, t).on(mobileChannel).name("HOTLINE_ACCEPTED").value("1");
    }

    static Ev hangsUp(double t) {
        return ev(HANGUP, t);
    }

    /** Applies the events in order; answers the call's latest snapshot (the last one any of them changed). */
    static List<String> lostIds(List<CallTracker.Lost> lost) {
        return lost.stream().map(CallTracker.Lost::linkedId).toList();
    }

    CallSnapshot feed(Ev... events) {
        for (Ev e : events) {
            CallSnapshot s = tracker.apply(e.event());
            if (s != null && s.linkedId().equals(CALL)) {
                last = s;
            }
        }
        return last;
    }

    @Nested
    class WhichCallsAreFollowed {

        @Test
        void shouldFollowACallFromItsNewChannelInTheHotlineContext() {
            CallSnapshot s = feed(enters(0));

            assertEquals(CALL, s.linkedId());
            assertEquals(CallOutcome.IN_PROGRESS, s.outcome());
            assertEquals(at(0), s.startedAt());
            assertFalse(s.offered());
            assertTrue(tracker.knows(CALL));
        }

        @Test
        void shouldFollowACallFirstSeenInTheListOfChannelsAfterAReconnect() {
            assertNotNull(tracker.apply(ev(SNAPSHOT, 0).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER).event()));
            assertTrue(tracker.knows(CALL));
        }

        @Test
        void shouldNotFollowAChannelThatStartsInAnotherContext() {
            assertNull(tracker.apply(ev(NEW_CHANNEL, 0).in("agents").caller("agent-1").event()));
            assertNull(tracker.apply(ev(SNAPSHOT, 0).in("hotline-notify").event()));
            assertNull(tracker.apply(hangsUp(5).event()));
            assertFalse(tracker.knows(CALL));
        }

        @Test
        void shouldNotTakeAnAgentsCallBackThroughTheTrunkForAHotlineCall() {
            // the agent's phone dials a customer: the trunk's channel is created Down in the trunk endpoint's
            // context (hotline-in), in the agent's call (its linked id is the agent's channel's)
            String agentCall = "1895797100.40";
            String trunkLeg = "1895797100.41";
            List<Ev> callBack = List.of(ev(NEW_CHANNEL, 0).call(agentCall).in("agents").caller("agent-1").name("Ring"),
                    ev(NEW_CHANNEL, 0.01).call(agentCall).on(trunkLeg).in(CallTracker.HOTLINE_CONTEXT).caller("<unknown>")
                            .name("Down"),
                    ev(CALLER_ID, 0.011).call(agentCall).on(trunkLeg).in(CallTracker.HOTLINE_CONTEXT).caller("s"),
                    ev(DIAL_BEGIN, 0.012).call(agentCall).peer(trunkLeg).value(CALLER),
                    ev(DIAL_END, 8).call(agentCall).peer(trunkLeg).value("ANSWER"),
                    hangsUp(60).call(agentCall).on(trunkLeg), hangsUp(60.01).call(agentCall));
            for (Ev e : callBack) {
                assertNull(tracker.apply(e.event()), "not a hotline call: " + e.kind);
            }
            // and listed after a reconnect while it is on: the trunk's channel is in AppDial
            tracker.beginResync();
            for (PbxEvent e : CallTracker.startersFirst(List.of(
                    ev(SNAPSHOT, 0).call(agentCall).in("agents").name("Dial").value("bridge-1").event(),
                    ev(SNAPSHOT, 0.01).call(agentCall).on(trunkLeg).in(CallTracker.HOTLINE_CONTEXT).name("AppDial")
                            .value("bridge-1").event()))) {
                assertNull(tracker.apply(e));
            }
            assertFalse(tracker.knows(agentCall));
            assertEquals(0, tracker.size());
        }

        @Test
        void shouldStillFollowACallThatComesInOnALocalChannelsSecondHalf() {
            // the lab's calls (the recorded transcripts): Local ;2 rings in hotline-in, ;1 is the call's first channel
            assertNotNull(tracker.apply(ev(NEW_CHANNEL, 0).on(HALF).in(CallTracker.HOTLINE_CONTEXT).name("Ring").event()));
            assertTrue(tracker.knows(CALL));
        }

        @Test
        void shouldTakeADialledLegListedBeforeItsCallerAsTheCallsAfterAReconnect() {
            // a mobile bridged to the caller while the link was down, listed first: the call was answered
            List<PbxEvent> listed = CallTracker.startersFirst(List.of(
                    ev(SNAPSHOT, 30).on(MOBILE_1).in(CallTracker.HOTLINE_CONTEXT).caller("s").name("AppDial")
                            .value("bridge-7").event(),
                    ev(SNAPSHOT, 0).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER).name("Dial").value("bridge-7").event()));
            listed.forEach(tracker::apply);
            CallSnapshot s = feed(hangsUp(90).on(MOBILE_1), hangsUp(90.01));
            assertEquals(CallOutcome.FORWARDED, s.outcome());
            assertEquals(CALLER, s.callerRaw());
        }

        @Test
        void shouldNotStartFollowingOnAnEventThatIsNotAChannelEnteringTheHotline() {
            assertNull(tracker.apply(queued(1).event()));
            assertNull(tracker.apply(ev(CALLER_ID, 1).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER).event()));
            assertEquals(0, tracker.size());
        }

        @Test
        void shouldIgnoreTheEventsOfOtherLinkedIds() {
            feed(enters(0));

            assertNull(tracker.apply(queued(1).call("1895799999.1").event()));
            assertNull(tracker.apply(ev(AGENT_CONNECT, 2).call("1895799999.1").name("agent-1").event()));
            assertNull(tracker.apply(hangsUp(3).call("1895799999.1").event()));
            assertEquals(CallOutcome.IN_PROGRESS, feed(hangsUp(0.5).call("1895799999.1")).outcome());
            assertEquals(1, tracker.size());
        }

        @Test
        void shouldIgnoreAnEventWithoutLinkedIdOrTime() {
            feed(enters(0));
            assertNull(tracker.apply(new PbxEvent(HANGUP, at(3), null, CALL, null, null, null, null, null, null)));
            assertNull(tracker.apply(new PbxEvent(HANGUP, null, CALL, CALL, null, null, null, null, null, null)));
            assertEquals(CallOutcome.IN_PROGRESS, last.outcome());
        }
    }

    @Nested
    class CallerNumber {

        @Test
        void shouldTakeTheCallerNumberFromTheHotlineChannelOnceItIsKnown() {
            assertNull(feed(enters(0).caller("<unknown>")).callerRaw(), "the channel is created before its caller id");
            assertEquals(CALLER, feed(ev(CALLER_ID, 0.001).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER)).callerRaw());
        }

        @Test
        void shouldNotTakeTheNumberOfAChannelInAnotherContext() {
            feed(enters(0).caller("<unknown>"),
                    ev(NEW_CHANNEL, 1).on(MOBILE_1).in("mobiles").caller("<unknown>"),
                    ev(CALLER_ID, 1.001).on(MOBILE_1).in("mobiles").caller("4008001234"));
            assertNull(last.callerRaw());
        }

        @Test
        void shouldNotTakeTheNumberOfALegDialledThroughTheTrunkThoughItStartsInTheHotlineContext() {
            // a PJSIP channel takes its endpoint's context (the trunk's: hotline-in), and app_dial gives a dialled
            // channel the calling extension as its caller number
            CallSnapshot s = feed(enters(0).caller("<unknown>"),
                    ev(NEW_CHANNEL, 1).on(MOBILE_1).in(CallTracker.HOTLINE_CONTEXT).caller("<unknown>"),
                    ev(CALLER_ID, 1.001).on(MOBILE_1).in(CallTracker.HOTLINE_CONTEXT).caller("s"),
                    dials(1.002, MOBILE_1, "+8613700000001"), dialEnds(23, MOBILE_1, "NOANSWER"), hangsUp(24));
            assertNull(s.callerRaw(), "still withheld");
        }

        @Test
        void shouldTakeTheCallersNumberWhenAReconnectListsADialledLegFirst() {
            feed(ev(SNAPSHOT, 3).on(MOBILE_1).in(CallTracker.HOTLINE_CONTEXT).caller("s"),
                    ev(SNAPSHOT, 0).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER));
            assertEquals(CALLER, last.callerRaw());
        }

        @Test
        void shouldTakeTheCallersNumberWhereverTheirChannelIsInTheDialplan() {
            // after an agent's transfer, or in the lab, where the caller's Local half goes on in context "caller"
            feed(ev(SNAPSHOT, 0).on(HALF).in(CallTracker.HOTLINE_CONTEXT),
                    ev(SNAPSHOT, 0).in("caller").caller(CALLER));
            assertEquals(CALLER, last.callerRaw());
        }

        @Test
        void shouldKeepAWithheldCallerWithoutNumberToTheEnd() {
            CallSnapshot s = feed(enters(0).caller("<unknown>"),
                    ev(CALLER_ID, 0.001).in(CallTracker.HOTLINE_CONTEXT).caller("<unknown>"),
                    dials(1, MOBILE_1, "+8613700000001"), dialEnds(5, MOBILE_1, "NOANSWER"), hangsUp(6));
            assertNull(s.callerRaw());
            assertEquals(CallOutcome.MISSED, s.outcome());
        }
    }

    @Nested
    class Queue {

        @Test
        void shouldRecordTheQueueAndWhenTheCallerJoinedIt() {
            CallSnapshot s = feed(enters(0), queued(2.5));

            assertEquals("hotline", s.queue());
            assertEquals(at(2.5), s.queuedAt());
            assertTrue(s.offered());
            assertEquals(CallOutcome.IN_PROGRESS, s.outcome());
        }

        @Test
        void shouldCountTheCallAnsweredByTheAgentWhoConnected() {
            CallSnapshot s = feed(enters(0), queued(1),
                    ev(AGENT_CONNECT, 6).peer(AGENT_LEG).name("agent-1").value("PJSIP/agent-1"), hangsUp(40));

            assertEquals(CallOutcome.ANSWERED, s.outcome());
            assertEquals("agent-1", s.answeredByName());
            assertEquals(at(6), s.answeredAt());
            assertEquals(at(40), s.endedAt());
        }

        @Test
        void shouldCountADialAnsweredInTheQueueAsTheAgentsAndLetAgentConnectNameThem() {
            feed(enters(0), queued(1), dials(1.2, AGENT_LEG, "Local/s@agents/n"));
            CallSnapshot byDial = feed(dialEnds(5, AGENT_LEG, "ANSWER"));
            assertEquals("Local/s@agents/n", byDial.answeredByName());
            assertEquals(at(5), byDial.answeredAt());

            CallSnapshot s = feed(ev(AGENT_CONNECT, 5.01).peer(AGENT_LEG).name("agent-1").value("Local/s@agents/n"),
                    hangsUp(9));
            assertEquals(CallOutcome.ANSWERED, s.outcome());
            assertEquals("agent-1", s.answeredByName());
            assertEquals(at(5), s.answeredAt(), "the earlier of the two times");
        }

        @Test
        void shouldCountACallerWhoLeftTheQueueAsAbandonedOnceTheirChannelHangsUp() {
            feed(enters(0), queued(1), dials(1.2, AGENT_LEG, "Local/s@agents/n"), dialEnds(9, AGENT_LEG, "CANCEL"));
            assertEquals(CallOutcome.IN_PROGRESS, feed(ev(QUEUE_ABANDON, 9.001).name("hotline")).outcome());

            CallSnapshot s = feed(hangsUp(9.01));
            assertEquals(CallOutcome.ABANDONED, s.outcome());
            assertNull(s.answeredAt());
            assertEquals(at(9.01), s.endedAt());
        }

        @Test
        void shouldStayInProgressUntilTheCallersOwnChannelHangsUp() {
            feed(enters(0), queued(1), dials(1.2, AGENT_LEG, "Local/s@agents/n"),
                    ev(AGENT_CONNECT, 6).peer(AGENT_LEG).name("agent-1"));
            assertNull(tracker.apply(hangsUp(30).on(AGENT_LEG).event()), "the agent's leg ending changes nothing");
            assertNull(tracker.apply(hangsUp(30.1).on(HALF).event()));
            assertEquals(CallOutcome.IN_PROGRESS, last.outcome());
            assertNull(last.endedAt());

            assertEquals(CallOutcome.ANSWERED, feed(hangsUp(30.2)).outcome());
        }
    }

    @Nested
    class Forward {

        @Test
        void shouldNotCountAMobileThatPickedUpWithoutAcceptingAsAnAnswer() {
            CallSnapshot s = feed(enters(0), dials(1, MOBILE_1, "+8613700000001"), dialEnds(3, MOBILE_1, "ANSWER"),
                    hangsUp(20));

            assertEquals(CallOutcome.MISSED, s.outcome(), "a voicemail box that picked up is not an answer");
            assertNull(s.answeredAt());
            assertNull(s.answeredByName());
        }

        @Test
        void shouldCountTheCallForwardedWhenTheMobileAcceptedIt() {
            feed(enters(0), dials(1, MOBILE_1, "+8613700000001"), dialEnds(3, MOBILE_1, "ANSWER"));
            CallSnapshot s = feed(accepted(7.5, MOBILE_1), hangsUp(60));

            assertEquals(CallOutcome.FORWARDED, s.outcome());
            assertEquals("+8613700000001", s.answeredByName());
            assertEquals(at(7.5), s.answeredAt(), "accepted, not picked up");
        }

        @Test
        void shouldCreditTheNumberTheDialplanNamesWhenTheAcceptanceCannotBeMatchedToADial() {
            CallSnapshot s = feed(enters(0), dials(1, MOBILE_1, "+8613700000001"), dials(2, MOBILE_2, "+8613700000002"),
                    ev(VAR_SET, 5).on("PJSIP/trunk-0000beef").name("HOTLINE_ACCEPTED_NUMBER").value("+8613700000001"),
                    accepted(5.1, "PJSIP/trunk-0000beef"), hangsUp(60));

            assertEquals(CallOutcome.FORWARDED, s.outcome());
            assertEquals("+8613700000001", s.answeredByName(), "not simply the last number dialled");
        }

        @Test
        void shouldCallItMissedWhenTheQueueCancelledItsAgentAtOverflowAndNoMobileAccepted() {
            CallSnapshot s = feed(enters(0), queued(1), dials(2, "agent-leg", "PJSIP/agent-1"),
                    dialEnds(61, "agent-leg", "CANCEL"), // app_queue hangs up the ringing agent at its time limit
                    ev(QUEUE_LEAVE, 61.1).name("hotline"),
                    dials(62, MOBILE_1, "+8613700000001"), dialEnds(70, MOBILE_1, "ANSWER"), // a voicemail box
                    hangsUp(100));

            assertEquals(CallOutcome.MISSED, s.outcome());
        }

        @Test
        void shouldKeepAbandonedWhenTheWholeCallIsReplayedLateEvenHalfWay() {
            List<Ev> call = List.of(enters(0), queued(1), dials(1.1, "agent-leg", "PJSIP/agent-1"),
                    dialEnds(4, "agent-leg", "CANCEL"), hangsUp(4.1), ev(QUEUE_ABANDON, 4.2).name("hotline"));
            call.forEach(e -> tracker.apply(e.event()));

            CallSnapshot halfway = null;
            for (Ev e : call.subList(0, 3)) { // the late copy, stopped after its dial began again
                CallSnapshot s = tracker.apply(e.event());
                halfway = s == null ? halfway : s;
            }

            assertNull(halfway, "a late copy of the start changes nothing: the call stays ABANDONED");
        }

        @Test
        void shouldCreditTheBackupMobileWhenTheFirstDidNotAnswer() {
            CallSnapshot s = feed(enters(0),
                    dials(1, MOBILE_1, "+8613700000001"), dialEnds(23, MOBILE_1, "NOANSWER"),
                    dials(23.1, MOBILE_2, "+8613700000002"), dialEnds(26, MOBILE_2, "ANSWER"),
                    accepted(29, MOBILE_2), hangsUp(90));

            assertEquals(CallOutcome.FORWARDED, s.outcome());
            assertEquals("+8613700000002", s.answeredByName());
            assertEquals(at(29), s.answeredAt());
        }

        @Test
        void shouldCountACallerWhoHungUpWhileAMobileRangAsAbandoned() {
            CallSnapshot s = feed(enters(0), dials(1, MOBILE_1, "+8613700000001"), dialEnds(8, MOBILE_1, "CANCEL"),
                    hangsUp(8.01));
            assertEquals(CallOutcome.ABANDONED, s.outcome());
        }

        @Test
        void shouldCountACallNoMobileAnsweredAsMissed() {
            CallSnapshot s = feed(enters(0),
                    dials(1, MOBILE_1, "+8613700000001"), dialEnds(23, MOBILE_1, "NOANSWER"),
                    dials(23.1, MOBILE_2, "+8613700000002"), dialEnds(45, MOBILE_2, "NOANSWER"), hangsUp(50));
            assertEquals(CallOutcome.MISSED, s.outcome());
            assertTrue(s.offered());
        }

        @Test
        void shouldCountACallerWhoHungUpBeforeBeingOfferedAnywhereAsAbandoned() {
            CallSnapshot s = feed(enters(0), hangsUp(4));
            assertEquals(CallOutcome.ABANDONED, s.outcome());
            assertFalse(s.offered());
        }

        @Test
        void shouldCountACallTheDialplanGaveUpOnAsMissedThoughNoPhoneRang() {
            // nobody in the queue (JOINEMPTY), nobody on duty, the emergency mobile still the placeholder
            CallSnapshot s = feed(enters(0), ev(VAR_SET, 1).name("QUEUESTATUS").value("JOINEMPTY"),
                    ev(VAR_SET, 1.1).name("HOTLINE_MISSED").value("1"), hangsUp(8));
            assertEquals(CallOutcome.MISSED, s.outcome(), "the hotline missed it; the caller did not give up");
        }

        @Test
        void shouldKeepTheInstantTheRoutingScriptToldTheChannelAndIgnoreAValueThatIsNoInstant() {
            CallSnapshot s = feed(enters(0), ev(VAR_SET, 0.3).name("HOTLINE_ROUTED_AT").value("2045-05-11T09:30:00.200Z"),
                    ev(VAR_SET, 0.4).name("HOTLINE_ROUTED_AT").value("2045-05-11T09:31:00Z"));
            assertEquals(Instant.parse("2045-05-11T09:30:00.200Z"), s.routedAt(), "the first the script told");
        }

        @ParameterizedTest
        @ValueSource(strings = {"half past five", "+10000-01-01T00:00:00Z", "1999-12-31T23:59:59Z", ""})
        void shouldLeaveTheRoutingInstantUnknownWhenTheChannelWasToldNoInstant(String value) {
            assertNull(feed(enters(0), ev(VAR_SET, 0.3).name("HOTLINE_ROUTED_AT").value(value)).routedAt());
        }

        @Test
        void shouldKnowNoRoutingInstantOfACallThatBypassedTheScript() {
            assertNull(feed(enters(0), hangsUp(3)).routedAt());
        }

        @Test
        void shouldKeepTheRecordingNamedByTheDialplan() {
            CallSnapshot s = feed(enters(0), ev(VAR_SET, 0.2).name("HOTLINE_RECORDING").value(CALL + ".wav"));
            assertEquals(CALL + ".wav", s.recording());
        }
    }

    @Nested
    class EventsTwiceOrLate {

        final Ev[] forwarded = {enters(0), dials(1, MOBILE_1, "+8613700000001"), dialEnds(23, MOBILE_1, "NOANSWER"),
            dials(23.1, MOBILE_2, "+8613700000002"), dialEnds(26, MOBILE_2, "ANSWER"), accepted(29, MOBILE_2),
            ev(VAR_SET, 0.2).name("HOTLINE_RECORDING").value(CALL + ".wav"), hangsUp(90).on(MOBILE_2), hangsUp(90.1)};

        @Test
        void shouldChangeNothingWhenEveryEventComesTwice() {
            CallSnapshot once = new CallTrackerTest().feed(forwarded);

            for (Ev e : forwarded) {
                feed(e);
                assertNull(tracker.apply(e.event()), () -> "second " + e.kind);
            }
            assertEquals(once, last);
        }

        @Test
        void shouldMoveTheStartEarlierWhenAnEarlierChannelArrivesLate() {
            feed(ev(NEW_CHANNEL, 0.2).on(HALF).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER));
            assertEquals(at(0.2), last.startedAt());

            assertEquals(at(0.1), feed(enters(0.1)).startedAt());
        }

        @Test
        void shouldCountTheCallAnsweredWhenAgentConnectArrivesAfterTheHangup() {
            assertEquals(CallOutcome.MISSED, feed(enters(0), queued(1), hangsUp(30)).outcome());

            CallSnapshot s = feed(ev(AGENT_CONNECT, 6).peer(AGENT_LEG).name("agent-1"));
            assertEquals(CallOutcome.ANSWERED, s.outcome());
            assertEquals("agent-1", s.answeredByName());
            assertEquals(at(30), s.endedAt());
        }
    }

    @Nested
    class ResyncAndEviction {

        static final String LISTED = "1895796990.1";
        static final String GONE = "1895796991.1";
        static final String ENDED = "1895796992.1";

        @Test
        void shouldGiveUpExactlyTheCallsInProgressThatThePbxNoLongerLists() {
            for (String id : List.of(LISTED, GONE, ENDED)) {
                tracker.apply(enters(0).call(id).event());
            }
            tracker.apply(hangsUp(5).call(ENDED).event());

            tracker.beginResync();
            tracker.apply(ev(SNAPSHOT, 0).call(LISTED).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER).event());
            assertEquals(List.of(GONE), lostIds(tracker.endResync(at(3600))));

            assertTrue(tracker.knows(LISTED));
            assertTrue(tracker.knows(ENDED), "an ended call stays, so late events change nothing");
            assertFalse(tracker.knows(GONE), "left to the CDR reconciliation");
            assertNull(tracker.apply(hangsUp(9).call(GONE).event()));
        }

        @Test
        void shouldKeepACallHeardFromWhileTheListWasBeingTakenThoughTheListMissedIt() {
            tracker.apply(enters(0).call(GONE).event());
            tracker.apply(enters(0).call(LISTED).event());

            tracker.beginResync();
            tracker.apply(enters(2).call(ENDED).event()); // began after the list was asked for
            tracker.apply(ev(QUEUE_JOIN, 3).call(LISTED).name("hotline").event()); // still there, whatever the list says
            assertEquals(List.of(GONE), lostIds(tracker.endResync(at(3600))));

            assertTrue(tracker.knows(LISTED));
            assertTrue(tracker.knows(ENDED));
        }

        @Test
        void shouldCountACallAnsweredDuringTheDropFromTheBridgedAgentLegTheListShows() {
            tracker.apply(enters(0).call(LISTED).event());
            tracker.apply(queued(1).call(LISTED).event());

            tracker.beginResync();
            tracker.apply(ev(SNAPSHOT, 0).call(LISTED).in(CallTracker.HOTLINE_CONTEXT).name("Queue").value("bridge-1").event());
            CallSnapshot s = tracker.apply(ev(SNAPSHOT, 6).call(LISTED).on("1895796978.30")
                    .in("agents").name("AppQueue").value("bridge-1").event());
            tracker.endResync(at(3600));

            assertEquals(at(6), s.answeredAt());
            tracker.apply(hangsUp(29.99).call(LISTED).on("1895796978.30").event());
            assertEquals(CallOutcome.ANSWERED, tracker.apply(hangsUp(30).call(LISTED).event()).outcome());
        }

        @Test
        void shouldAnswerWhatWasSeenOfALostCallEndedWhenItWasLastHeardOf() {
            tracker.apply(enters(0).call(GONE).event());
            tracker.apply(queued(2).call(GONE).event());
            tracker.apply(enters(0).call(ENDED).event());
            tracker.apply(ev(AGENT_CONNECT, 9).call(ENDED).peer(AGENT_LEG).name("agent-1").event());

            tracker.beginResync();
            List<CallTracker.Lost> lost = tracker.endResync(at(600));

            CallTracker.Lost waiting = lost.stream().filter(l -> l.linkedId().equals(GONE)).findFirst().orElseThrow();
            assertEquals(CallOutcome.MISSED, waiting.endedByThen().outcome(), "nobody took it as far as was seen");
            assertEquals(at(2), waiting.endedByThen().endedAt(), "ended when last heard of: no wait time invented");
            assertEquals(at(2), waiting.lastHeard());
            assertEquals(at(600), waiting.missedAt());
            assertEquals(at(600 + 300), waiting.dueAfter(Duration.ofMinutes(5)), "its CDR gets the wait from the drop's end");
            CallTracker.Lost taken = lost.stream().filter(l -> l.linkedId().equals(ENDED)).findFirst().orElseThrow();
            assertEquals(CallOutcome.ANSWERED, taken.endedByThen().outcome());
            assertEquals("agent-1", taken.endedByThen().answeredByName());
        }

        @Test
        void shouldDropNothingWhenTheListCannotBeHad() {
            tracker.apply(enters(0).call(GONE).event());

            tracker.beginResync();
            tracker.keepAll();

            assertTrue(tracker.knows(GONE));
            assertEquals(List.of(), lostIds(tracker.endResync(at(3600))));
        }

        @Test
        void shouldKeepTheStartThePbxTimedWhenAReconnectListsTheCallWithAnEarlierEstimate() {
            feed(enters(10));

            tracker.beginResync();
            // Duration counts whole seconds, subtracted from the service's clock, which may run ahead of the PBX's
            assertNull(tracker.apply(ev(SNAPSHOT, 8).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER).event()));
            assertEquals(List.of(), lostIds(tracker.endResync(at(3600))));

            assertEquals(at(10), feed(hangsUp(30)).startedAt());
        }

        @Test
        void shouldStartACallFirstSeenAfterAReconnectAtItsEarliestListedChannel() {
            feed(ev(SNAPSHOT, 5).on(MOBILE_1).in(CallTracker.HOTLINE_CONTEXT),
                    ev(SNAPSHOT, 1).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER));
            assertEquals(at(1), last.startedAt());
        }

        @Test
        void shouldForgetAnEndedCallOnceItHasBeenKeptLongEnough() {
            feed(enters(0), hangsUp(10));

            assertEquals(List.of(), lostIds(tracker.evict(at(10).plus(KEEP_ENDED))));
            assertTrue(tracker.knows(CALL));
            assertEquals(List.of(), lostIds(tracker.evict(at(11).plus(KEEP_ENDED))), "an ended call is not silent");
            assertFalse(tracker.knows(CALL));
        }

        @Test
        void shouldHandOverACallThePbxHasBeenSilentAboutForTooLong() {
            feed(enters(0), queued(2));

            assertEquals(List.of(), lostIds(tracker.evict(at(2).plus(GIVE_UP_SILENT))));
            List<CallTracker.Lost> silent = tracker.evict(at(3).plus(GIVE_UP_SILENT));
            assertEquals(List.of(CALL), lostIds(silent));
            assertEquals(at(2), silent.get(0).endedByThen().endedAt(), "ended when last heard of");
            assertFalse(tracker.knows(CALL));
        }
    }

    /**
     * The caller's half of a Local channel hangs up a moment before the queue reports the abandon on the other
     * half (recorded so from a real Asterisk 22), or after it: one outcome either way, decided when the call's
     * last channel is gone or, failing that, the grace after the caller's hangup.
     */
    @Nested
    class EndOfCall {

        /** A caller in the queue through a Local channel: the ;1 half is the caller's, the ;2 half waits in the queue. */
        void callerWaitsInTheQueue() {
            feed(enters(0), ev(NEW_CHANNEL, 0.001).on(HALF).in(CallTracker.HOTLINE_CONTEXT).caller(CALLER),
                    queued(1).on(HALF), dials(1.2, AGENT_LEG, "Local/s@agents/n"));
        }

        @Test
        void shouldCountAnAbandonReportedJustAfterTheCallersHangup() {
            callerWaitsInTheQueue();

            assertEquals(CallOutcome.IN_PROGRESS, feed(hangsUp(9.01)).outcome(), "the queue's half is still up");
            assertNull(last.endedAt());
            feed(ev(QUEUE_ABANDON, 9.0102).on(HALF).name("hotline"), ev(QUEUE_LEAVE, 9.0103).on(HALF).name("hotline"));
            CallSnapshot s = feed(hangsUp(9.02).on(HALF));

            assertEquals(CallOutcome.ABANDONED, s.outcome());
            assertEquals(at(9.01), s.endedAt(), "the call ended with the caller's hangup");
        }

        @Test
        void shouldCountAnAbandonReportedJustBeforeTheCallersHangup() {
            callerWaitsInTheQueue();

            feed(ev(QUEUE_ABANDON, 9.0005).on(HALF).name("hotline"), ev(QUEUE_LEAVE, 9.0006).on(HALF).name("hotline"),
                    hangsUp(9.01));
            assertEquals(CallOutcome.IN_PROGRESS, last.outcome());
            CallSnapshot s = feed(hangsUp(9.02).on(HALF));

            assertEquals(CallOutcome.ABANDONED, s.outcome());
            assertEquals(at(9.01), s.endedAt());
        }

        @Test
        void shouldDecideFromWhatWasHeardWhenAChannelIsNeverHeardToGoWithinTheGrace() {
            callerWaitsInTheQueue();
            feed(hangsUp(9.01));
            assertEquals(List.of(), tracker.decideDue(at(9.01).plus(END_GRACE).minusMillis(1)));

            feed(ev(QUEUE_ABANDON, 9.5).on(HALF).name("hotline")); // within the grace; the half's hangup is lost
            List<CallSnapshot> decided = tracker.decideDue(at(9.01).plus(END_GRACE));

            assertEquals(1, decided.size());
            assertEquals(CallOutcome.ABANDONED, decided.get(0).outcome());
            assertEquals(at(9.01), decided.get(0).endedAt());
            assertEquals(List.of(), tracker.decideDue(at(60)), "decided once");
        }

        @Test
        void shouldCallACallerWhoHungUpInTheQueueWithNoAbandonHeardWithinTheGraceMissed() {
            callerWaitsInTheQueue();
            feed(hangsUp(9.01));

            CallSnapshot s = tracker.decideDue(at(9.01).plus(END_GRACE)).get(0);

            assertEquals(CallOutcome.MISSED, s.outcome(), "nobody was heard to say the caller left: called back");
        }
    }
}

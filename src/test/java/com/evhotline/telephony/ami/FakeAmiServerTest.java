package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.ami.AmiFrame;
import com.evhotline.support.ami.Transcript;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The transcript model the fake Asterisk will replay. */
class FakeAmiServerTest {

    @Test
    void theQueueAnsweredTranscriptHoldsTheCallsEventsOnly() {
        Transcript call = Transcript.load("ami-queue-answered.txt");

        List<AmiFrame> connects = call.all(f -> f.isEvent("AgentConnect"));
        assertEquals(1, connects.size());
        assertEquals("5", connects.get(0).get("HoldTime"));
        assertEquals("1795796935.0", call.linkedId());
        assertEquals(Instant.ofEpochSecond(1795796935L, 805_626_000L), call.firstTimestamp());
        assertTrue(call.events().stream().allMatch(AmiFrame::isEvent));
        assertTrue(call.all(f -> f.isEvent("FullyBooted") || f.isEvent("SuccessfulAuth")
                || f.isEvent("OriginateResponse") || f.has("ActionID")).isEmpty());
        assertTrue(call.coreShowChannelsAnswer().isEmpty());
    }

    @Test
    void theCoreShowChannelsAnswerIsKeptApartFromTheEvents() {
        Transcript call = Transcript.load("ami-core-show-channels-mid-call.txt");

        assertEquals(List.of("CoreShowChannel", "CoreShowChannel", "CoreShowChannel", "CoreShowChannel",
                "CoreShowChannelsComplete"), call.coreShowChannelsAnswer().stream().map(AmiFrame::type).toList());
        assertTrue(call.all(f -> f.type().startsWith("CoreShowChannel")).isEmpty());
        assertEquals("4", call.coreShowChannelsAnswer().get(4).get("ListItems"));
    }

    @Test
    void shiftingMovesTimestampsAndChannelIdsButNotBridgeIds() {
        Transcript call = Transcript.load("ami-queue-answered.txt");

        Transcript later = call.shifted(1000);

        assertEquals("1795797935.0", later.linkedId());
        assertEquals(call.firstTimestamp().plusSeconds(1000), later.firstTimestamp());
        AmiFrame connect = later.first(f -> f.isEvent("AgentConnect"));
        assertEquals("1795797941.315030", connect.get("Timestamp"));
        assertEquals("1795797935.1", connect.get("Uniqueid"));
        assertEquals("1795797936.2", connect.get("DestUniqueid"));
        assertEquals("1795797935.0", connect.get("DestLinkedid"));
        AmiFrame bridge = later.first(f -> f.isEvent("LocalBridge"));
        assertEquals("1795797935.1", bridge.get("LocalTwoUniqueid"));
        AmiFrame created = call.first(f -> f.isEvent("BridgeCreate"));
        assertEquals(created.get("BridgeUniqueid"), later.first(f -> f.isEvent("BridgeCreate")).get("BridgeUniqueid"));
        Transcript midCall = Transcript.load("ami-core-show-channels-mid-call.txt").shifted(10);
        assertEquals("1795797014.24", midCall.coreShowChannelsAnswer().get(0).get("Linkedid"));
        assertEquals(call.events().size(), later.events().size());
    }

    @Test
    void replacingReachesEveryValueIncludingChannelNames() {
        Transcript call = Transcript.load("ami-forwarded-backup-answers.txt")
                .replacing("+8613800001002", "+8613899990002")
                .replacing("+8613700000001", "+8613799990001");

        assertTrue(call.events().stream().flatMap(f -> f.fields().stream())
                .noneMatch(field -> field.value().contains("+8613800001002") || field.value().contains("+8613700000001")));
        assertTrue(call.events().stream().anyMatch(f -> "+8613899990002".equals(f.get("CallerIDNum"))));
        assertTrue(call.events().stream().anyMatch(f -> String.valueOf(f.get("Channel")).startsWith("Local/+8613799990001@")));
    }

    @Test
    void insertingSplittingAndDuplicatingMakeNewTranscripts() {
        Transcript call = Transcript.load("ami-queue-answered.txt");
        Predicate<AmiFrame> agentConnect = f -> f.isEvent("AgentConnect");
        AmiFrame accepted = AmiFrame.of("Event", "VarSet", "Channel", "Local/s@agents-00000001;1",
                "Variable", "HOTLINE_ACCEPTED", "Value", "1");

        Transcript withAcceptance = call.inserting(agentConnect, accepted);
        Transcript before = call.until(agentConnect);
        Transcript after = call.from(agentConnect);

        int at = call.events().indexOf(call.first(agentConnect));
        assertEquals(accepted, withAcceptance.events().get(at + 1));
        assertEquals(call.events().size() + 1, withAcceptance.events().size());
        assertEquals(at, before.events().size());
        assertTrue(after.events().get(0).isEvent("AgentConnect"));
        assertEquals(call.events().size(), before.events().size() + after.events().size());
        assertEquals(call.events().size() * 2, call.duplicatingEach().events().size());
        assertEquals(call.events().get(0), call.duplicatingEach().events().get(1));
        assertEquals(List.of(call.events().get(3)), call.split(3).after().events().subList(0, 1));
        assertThrows(IllegalArgumentException.class, () -> call.until(f -> f.isEvent("NoSuchEvent")));
        assertThrows(UnsupportedOperationException.class, () -> call.events().clear());
    }

    @Test
    void framesKeepOrderRepeatedKeysAndTheWireFormat() {
        AmiFrame frame = AmiFrame.parse("Event: VarSet\r\nVariable: A\r\nAccountCode: \r\nVariable: B\r\n");

        assertEquals("VarSet", frame.type());
        assertEquals("A", frame.get("variable"));
        assertEquals(List.of("A", "B"), frame.getAll("Variable"));
        assertEquals("", frame.get("AccountCode"));
        assertNull(frame.get("Value"));
        assertEquals("Event: VarSet\r\nVariable: C\r\nAccountCode: \r\nVariable: B\r\nValue: 1\r\n\r\n",
                frame.with("Variable", "C").with("Value", "1").toWire());
        assertEquals("Event: VarSet\r\nAccountCode: \r\n\r\n", frame.without("Variable").toWire());
        assertEquals("Response", AmiFrame.of("Response", "Success").type());
        assertFalse(AmiFrame.of("Response", "Success").isEvent());
        assertNotEquals(frame, frame.with("Variable", "C"));
    }
}

package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evhotline.call.PbxEvent;
import com.evhotline.call.PbxEvent.Kind;
import java.time.Instant;
import java.util.Date;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.Test;

/** Asterisk-Java's events in our words; the field values are those of the recorded Asterisk 22 sessions. */
class AmiEventsTest {

    static final String LINKED = "1795796977.12";
    static final Object SOURCE = "the AMI connection";

    @Test
    void shouldTakeTheNumberOutOfAPjsipDialString() {
        assertEquals("+8613700000001", AmiEvents.dialled("PJSIP/+8613700000001@trunk", "s"));
    }

    @Test
    void shouldTakeTheNumberOutOfALocalDialString() {
        assertEquals("+8613700000002", AmiEvents.dialled("+8613700000002@mobiles", "4008001234"));
    }

    @Test
    void shouldKeepADialStringWithoutANumberAsItIs() {
        assertEquals("Local/s@agents/n", AmiEvents.dialled("Local/s@agents/n", "s"));
        assertEquals("PJSIP/agent-1", AmiEvents.dialled("PJSIP/agent-1", null));
    }

    @Test
    void shouldTranslateANewChannelWithThePbxTimestampToTheMicrosecond() {
        NewChannelEvent e = new NewChannelEvent(SOURCE);
        e.setTimestamp(1795796977.309588);
        e.setChannel("Local/4008001234@hotline-in-00000006;1");
        e.setUniqueId(LINKED);
        e.setLinkedid(LINKED);
        e.setContext("hotline-in");
        e.setCallerIdNum("<unknown>");
        e.setChannelState(0);
        e.setChannelStateDesc("Down");

        PbxEvent p = AmiEvents.translate(e);

        assertEquals(new PbxEvent(Kind.NEW_CHANNEL, Instant.ofEpochSecond(1795796977, 309_588_000), LINKED, LINKED,
                "Local/4008001234@hotline-in-00000006;1", "hotline-in", "<unknown>", null, "Down", null), p);
    }

    @Test
    void shouldUseTheTimeTheEventWasReadWhenThePbxSentNoTimestamp() {
        NewChannelEvent e = new NewChannelEvent(SOURCE);
        e.setDateReceived(Date.from(Instant.parse("2030-05-10T14:00:00.123Z")));
        e.setLinkedid(LINKED);
        assertEquals(Instant.parse("2030-05-10T14:00:00.123Z"), AmiEvents.translate(e).at());
    }

    @Test
    void shouldDropAVariableTheTrackerDoesNotNeed() {
        assertNull(AmiEvents.translate(varSet("CALLER_HOLD", "12")));
        assertNull(AmiEvents.translate(varSet("DIALSTATUS", "")));
    }

    @Test
    void shouldKeepTheHotlineVariablesAndTheQueueStatus() {
        PbxEvent accepted = AmiEvents.translate(varSet("HOTLINE_ACCEPTED", "1"));
        assertEquals(Kind.VAR_SET, accepted.kind());
        assertEquals("1795796981.16", accepted.uniqueId());
        assertEquals("HOTLINE_ACCEPTED", accepted.name());
        assertEquals("1", accepted.value());
        assertEquals("TIMEOUT", AmiEvents.translate(varSet("QUEUESTATUS", "TIMEOUT")).value());
    }

    @Test
    void shouldDropTheDialOfAnOriginateThatHasNoCallingChannel() {
        DialBeginEvent e = new DialBeginEvent(SOURCE);
        e.setTimestamp(1795796977.309664);
        e.setDestChannel("Local/4008001234@hotline-in-00000006;1");
        e.setDestUniqueId(LINKED);
        e.setDialString("4008001234@hotline-in");
        assertNull(AmiEvents.translate(e));
    }

    @Test
    void shouldTranslateADialToTheNumberAndTheChannelDialled() {
        DialBeginEvent e = new DialBeginEvent(SOURCE);
        e.setTimestamp(1795796981.813260);
        e.setChannel("Local/4008001234@hotline-in-00000006;2");
        e.setUniqueId("1795796977.13");
        e.setLinkedId(LINKED);
        e.setDestUniqueId("1795796981.16");
        e.setDestExten("4008001234");
        e.setDialString("+8613700000002@mobiles");

        PbxEvent p = AmiEvents.translate(e);

        assertEquals(Kind.DIAL_BEGIN, p.kind());
        assertEquals(LINKED, p.linkedId());
        assertEquals("1795796981.16", p.peerUniqueId());
        assertEquals("+8613700000002", p.value());
    }

    @Test
    void shouldCarryTheDialStatusOfADialEnd() {
        DialEndEvent e = new DialEndEvent(SOURCE);
        e.setTimestamp(1795796981.812430);
        e.setLinkedId(LINKED);
        e.setDestUniqueId("1795796977.14");
        e.setDialStatus("NOANSWER");

        PbxEvent p = AmiEvents.translate(e);

        assertEquals(Kind.DIAL_END, p.kind());
        assertEquals("1795796977.14", p.peerUniqueId());
        assertEquals("NOANSWER", p.value());
    }

    @Test
    void shouldTakeACallSentIntoTheHotlineFromElsewhereAsEnteringItOnlyAtItsFirstPriority() {
        assertEquals(Kind.NEW_CHANNEL, AmiEvents.translate(newExten("hotline-in", 1)).kind());
        assertNull(AmiEvents.translate(newExten("hotline-in", 2)));
        assertNull(AmiEvents.translate(newExten("agents", 1)));
    }

    @Test
    void shouldDateAListedChannelFromHowLongItHasBeenUp() {
        CoreShowChannelEvent c = new CoreShowChannelEvent(SOURCE);
        c.setLinkedid(LINKED);
        c.setUniqueid(LINKED);
        c.setContext("hotline-in");
        c.setDuration("00:01:05");
        Instant now = Instant.parse("2030-05-10T14:10:00Z");

        PbxEvent p = AmiEvents.snapshot(c, now);

        assertEquals(Kind.SNAPSHOT, p.kind());
        assertEquals(Instant.parse("2030-05-10T14:08:55Z"), p.at());
        assertEquals("hotline-in", p.context());
    }

    static VarSetEvent varSet(String variable, String value) {
        VarSetEvent e = new VarSetEvent(SOURCE);
        e.setTimestamp(1795796986.0);
        e.setChannel("Local/+8613700000002@mobiles-00000008;1");
        e.setUniqueId("1795796981.16");
        e.setLinkedId(LINKED);
        e.setVariable(variable);
        e.setValue(value);
        return e;
    }

    static NewExtenEvent newExten(String context, int priority) {
        NewExtenEvent e = new NewExtenEvent(SOURCE);
        e.setTimestamp(1795796977.309609);
        e.setUniqueId(LINKED);
        e.setLinkedId(LINKED);
        e.setContext(context);
        e.setPriority(priority);
        return e;
    }
}

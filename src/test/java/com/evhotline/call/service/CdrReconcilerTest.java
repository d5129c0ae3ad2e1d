package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.evhotline.call.CallTracker;
import org.junit.jupiter.api.Test;

/** The agent named in a CDR: the endpoint of its destination channel, which is the agent's login. */
class CdrReconcilerTest {

    @Test
    void shouldDropTheTechnologyAndTheChannelSequence() {
        assertEquals("agent-1", CallTracker.endpoint("PJSIP/agent-1-0000001a"));
    }

    @Test
    void shouldKeepDotsAndHyphensThatBelongToTheLogin() {
        assertEquals("zhang.san", CallTracker.endpoint("PJSIP/zhang.san-00000001"));
        assertEquals("li-si", CallTracker.endpoint("PJSIP/li-si-000000ff"));
    }

    @Test
    void shouldDropTheHalfOfALocalChannel() {
        assertEquals("s@agents", CallTracker.endpoint("Local/s@agents-00000001;1"));
        assertEquals("s@agents", CallTracker.endpoint("Local/s@agents-00000001;2"));
    }

    @Test
    void shouldNameNobodyForNoChannel() {
        assertNull(CallTracker.endpoint(null));
        assertNull(CallTracker.endpoint(""));
        assertNull(CallTracker.endpoint("   "));
    }
}

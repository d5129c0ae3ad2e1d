package com.evhotline.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the PBX may name a call and its recording by, whichever path it comes in on. */
class LinkedIdsTest {

    @Test
    void asteriskLinkedIdsPassAndAnythingElseIsRefused() {
        assertTrue(LinkedIds.valid("1764121456.42"));
        assertFalse(LinkedIds.valid(null));
        assertFalse(LinkedIds.valid(""));
        assertFalse(LinkedIds.valid("1764121456.42'; DROP TABLE call_record; --"));
        assertFalse(LinkedIds.valid("x".repeat(65)));
        assertFalse(LinkedIds.valid("a\u0000b"));
    }

    @Test
    void aRecordingNameOverItsColumnOrWithADirectoryIsNotKept() {
        assertEquals("1764121456.42.wav", LinkedIds.recordingName("1764121456.42.wav"));
        assertNull(LinkedIds.recordingName("r".repeat(256)));
        assertNull(LinkedIds.recordingName("../../etc/passwd"));
        assertNull(LinkedIds.recordingName("/var/spool/asterisk/hotline/x.wav"));
        assertNull(LinkedIds.recordingName(".hidden.wav"));
    }
}

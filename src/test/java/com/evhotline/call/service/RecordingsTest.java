package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordingsTest {

    @Test
    void shouldTakeOnlyPlainFileNames() {
        assertTrue(Recordings.isPlainName("1732676400.123.wav"));
        assertTrue(Recordings.isPlainName("hotline-20261127-100000.gsm"));
        for (String bad : new String[] {"", " ", "..", "../x.wav", "a/../../x.wav", "/etc/passwd", "sub/x.wav",
                "..\\x.wav", "c:\\x.wav", ".hidden", "a..b.wav", "x\u0000.wav", "x\n.wav"}) {
            assertFalse(Recordings.isPlainName(bad), bad);
        }
    }

    @Test
    void shouldTellTheMediaTypeByExtension() {
        assertEquals("audio/wav", Recordings.mediaType("a.WAV"));
        assertEquals("audio/mpeg", Recordings.mediaType("a.mp3"));
        assertEquals("audio/x-gsm", Recordings.mediaType("a.gsm"));
        assertEquals("application/octet-stream", Recordings.mediaType("a.ogg"));
        assertEquals("application/octet-stream", Recordings.mediaType("wav"));
    }
}

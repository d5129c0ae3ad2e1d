package com.evhotline.call.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallViewTest {

    static final Instant T = Instant.parse("2026-11-27T02:00:00Z");

    @Test
    void shouldWriteSecondsToTheMillisecondWithoutTrailingZeros() {
        assertEquals("5", CallView.seconds(T, T.plusSeconds(5)).toPlainString());
        assertEquals("50", CallView.seconds(T, T.plusSeconds(50)).toString());
        assertEquals("5.004", CallView.seconds(T, T.plusMillis(5004)).toString());
        assertEquals("0.5", CallView.seconds(T, T.plusMillis(500)).toString());
        assertEquals("0.001", CallView.seconds(T, T.plusNanos(500_000)).toString()); // PostgreSQL keeps microseconds
        assertNull(CallView.seconds(T, null));
    }

    @Test
    void shouldOfferThePlainNameAndAnEncodedOneWhenItIsNotAscii() {
        assertEquals("attachment; filename=\"1732676400.12.wav\"", CallResource.attachment("1732676400.12.wav"));
        assertEquals("attachment; filename=\"__.wav\"; filename*=UTF-8''%E9%80%9A%E8%AF%9D.wav",
                CallResource.attachment("通话.wav"));
        assertEquals("attachment; filename=\"a_b.wav\"; filename*=UTF-8''a%22b.wav", CallResource.attachment("a\"b.wav"));
    }
}

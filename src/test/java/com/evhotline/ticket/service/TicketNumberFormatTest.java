package com.evhotline.ticket.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** A ticket's number reads {@code HL-yyyyMMdd-nnnn}: four digits at least, more past 9999 in a day. */
class TicketNumberFormatTest {

    @Test
    void readsAsTheNumbersAlwaysHave() {
        assertEquals("HL-20261127-0042", TicketNumbers.format(LocalDate.of(2026, 11, 27), 42));
        assertEquals("HL-20260101-0001", TicketNumbers.format(LocalDate.of(2026, 1, 1), 1));
        assertEquals("HL-20261231-12345", TicketNumbers.format(LocalDate.of(2026, 12, 31), 12345));
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 800; i++, day = day.plusDays(1)) {
            for (int n : new int[] {1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 2_000_000}) {
                assertEquals("HL-" + DateTimeFormatter.BASIC_ISO_DATE.format(day) + "-" + String.format("%04d", n),
                        TicketNumbers.format(day, n));
            }
        }
    }

    @Test
    void aFallbackNumberReadsAsTheDaysNumbersWithAPAndFitsTheColumn() {
        java.time.Instant at = java.time.Instant.parse("2026-11-27T02:03:04.567Z");
        String linkedId = "pbx1-1795796935.12";
        String n = TicketNumbers.fallback(LocalDate.of(2026, 11, 27), linkedId, at);
        assertEquals("HL-20261127-P" + Long.toString(Integer.toUnsignedLong(linkedId.hashCode()) << 8
                | (at.toEpochMilli() & 0xff), 36).toUpperCase(java.util.Locale.ROOT), n);
        org.junit.jupiter.api.Assertions.assertTrue(n.length() <= 32, n);
    }
}

package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.call.service.CallTicketService.Intake;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake journal as a restart finds it: what was answered and not yet written, nothing else. */
class IntakeJournalTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @TempDir
    Path dir;

    private static Intake call(String id, String number) {
        return new Intake(id, "13800000000", Instant.parse("2045-06-04T19:09:58Z"), "QUEUE", "hotline", number, "AGI");
    }

    private List<String> pendingIds() {
        try (IntakeJournal next = new IntakeJournal(dir, json)) {
            return next.pending().stream().map(Intake::linkedId).sorted().toList();
        }
    }

    @Test
    void aRestartFindsTheCallsNotYetWrittenAndACutLastLineIsSkipped() throws Exception {
        try (IntakeJournal j = new IntakeJournal(dir, json)) {
            j.write(call("1.1", "HL-20450605-0001"));
            j.write(call("1.2", "HL-20450605-0002"));
            j.write(call("1.3", "HL-20450605-0003"));
            j.delete("1.2");
            j.write(call("1.4", "HL-20450605-0004")); // the delete is on disk with this one
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
            // a crash in the middle of a line: that call was never answered
            appendData(segment, "C {\"linkedId\":\"1.5\",\"call".getBytes(StandardCharsets.UTF_8));
        }

        try (IntakeJournal next = new IntakeJournal(dir, json)) {
            List<Intake> left = next.pending();
            assertEquals(List.of("1.1", "1.3", "1.4"), left.stream().map(Intake::linkedId).sorted().toList());
            assertEquals("HL-20450605-0003", left.stream().filter(i -> i.linkedId().equals("1.3")).findFirst()
                    .orElseThrow().givenNumber(), "the number told, as written");
            left.forEach(i -> next.delete(i.linkedId()));
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until && Files.exists(segment)) {
                Thread.onSpinWait();
            }
            assertFalse(Files.exists(segment), "a segment with nothing left to write is deleted");
        }
        assertTrue(pendingIds().isEmpty());
    }

    /** The hand-written line reads back, through the service's Jackson mapper as through a plain one, as the call written. */
    @Test
    void aCallReadsBackAsWrittenWhateverItsCallerIdHolds() throws Exception {
        Intake odd = new Intake("1.9", "\"Wang\" <+86 138\\0>\n\t\u0001 售后 \u2028 😀", Instant.parse("2045-06-04T19:09:58.123456789Z"),
                "FORWARD", null, null, "HL-20450605-0009", "AGI", Instant.parse("2045-06-04T19:09:58.123456789Z"));
        Intake plain = call("1.10", "HL-20450605-0010");
        try (IntakeJournal j = new IntakeJournal(dir, json)) {
            j.write(odd);
            j.write(plain);
        }
        ObjectMapper quarkusLike = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (ObjectMapper reader : List.of(json, quarkusLike)) {
            try (IntakeJournal next = new IntakeJournal(dir, reader)) {
                assertEquals(List.of(plain, odd), next.pending().stream()
                        .sorted(java.util.Comparator.comparing(Intake::linkedId)).toList());
            }
        }
        String line = new String(IntakeJournal.line(odd), StandardCharsets.UTF_8);
        assertTrue(line.startsWith("C {\"linkedId\":\"1.9\"") && line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1,
                "one line: " + line);
        assertEquals(odd, json.readValue(line.substring(2), Intake.class));
    }

    @Test
    void aCallJournalledTwiceIsReplayedOnceAsItsLatestLine() throws Exception {
        try (IntakeJournal j = new IntakeJournal(dir, json)) {
            j.write(call("2.1", "HL-20450605-0011"));
            j.write(new Intake("2.1", "13800000000", Instant.parse("2045-06-04T19:09:58Z"), "QUEUE", "hotline", null,
                    "HL-20450605-0009", "AGI", Instant.parse("2045-06-04T19:09:58Z")));
        }
        try (IntakeJournal next = new IntakeJournal(dir, json)) {
            List<Intake> left = next.pending();
            assertEquals(1, left.size());
            assertEquals("HL-20450605-0009", left.get(0).givenNumber());
        }
    }


    @Test
    void callsJournalledTogetherAreAllOnDiskAndAStopWithoutClosingReplaysOnlyThoseNotDone() throws Exception {
        IntakeJournal j = new IntakeJournal(dir, json); // never closed: as a crash leaves it
        var threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "3." + i;
            writes.add(threads.submit(() -> {
                j.write(call(id, "HL-20450605-1" + id.substring(2)));
                return null;
            }));
        }
        for (var w : writes) {
            w.get(); // each returned only once its line was forced (one flush for those that came together)
        }
        threads.shutdown();
        for (int i = 0; i < 100; i++) {
            j.delete("3." + i); // on their tickets; their D lines wait for the next flush
        }
        j.write(call("3.999", "HL-20450605-1999")); // that flush

        List<String> left = pendingIds();
        assertEquals(101, left.size(), "the 100 not done and the last: " + left.size());
        assertTrue(left.contains("3.150") && left.contains("3.999") && !left.contains("3.50"));
    }

    @Test
    void aFileWithALineThatCannotBeReadIsKeptForAPerson() throws Exception {
        try (IntakeJournal j = new IntakeJournal(dir, json)) {
            j.write(call("4.1", "HL-20450605-0041"));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        byte[] garbage = {'C', ' ', (byte) 0xC3, (byte) 0x28, '\n'}; // not UTF-8, not JSON, and not the last line
        appendData(segment, garbage);
        appendData(segment, "D 4.1\n".getBytes(StandardCharsets.UTF_8));

        assertTrue(pendingIds().isEmpty(), "4.1 was done");
        assertTrue(Files.exists(segment), "kept: a line in it could not be read");
    }

    /** Writes where the segment's data ends: its length, or the first of the zeros it was prepared with. */
    private static void appendData(Path segment, byte[] bytes) throws Exception {
        byte[] all = Files.readAllBytes(segment);
        int end = 0;
        while (end < all.length && all[end] != 0) {
            end++;
        }
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes), end);
        }
    }

    @Test
    void aSegmentIsPreparedAheadFullOfZerosAndItsCallsAreReadUpToThem() throws Exception {
        try (IntakeJournal j = new IntakeJournal(dir, json)) {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until && !j.spareReady()) {
                Thread.onSpinWait();
            }
            assertTrue(j.spareReady() && spareThere(), "a spare segment is prepared");
            j.write(call("5.1", "HL-20450605-0051"));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        assertEquals(4L << 20, Files.size(segment), "the prepared segment, written into");
        assertEquals(List.of("5.1"), pendingIds());
        assertFalse(spareThere(), "a closed journal leaves no spare behind");
    }

    private boolean spareThere() throws Exception {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".spare-"));
        }
    }
}

package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.evhotline.common.HotlineConfig;
import com.evhotline.support.Api;
import com.evhotline.support.Await;
import com.evhotline.support.Numbers;
import com.evhotline.support.TestClock;
import com.evhotline.ticket.service.TicketNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "Never lost" across a restart: a call the routing script answered is in the journal until the
 * database has it; one the last run left there (it stopped with the database down) is written at the
 * next start onto its ticket under the number the PBX was given, and its journal file goes once nothing
 * in it is left to write. The earlier journal's files (one JSON file per call) are read the same way.
 */
@QuarkusTest
class IntakeJournalReplayTest {

    @Inject
    CallIntake intake;

    @Inject
    HotlineConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    TestClock clock;

    private static String ticketOf(String linkedId) {
        return Await.value(() -> Api.queryString("SELECT t.number FROM call_record c JOIN ticket t"
                + " ON t.id = c.ticket_id WHERE c.linked_id = '" + linkedId + "'"), Duration.ofSeconds(30));
    }

    @Test
    void aCallLeftInTheJournalByTheLastRunIsWrittenAtTheNextStart() throws Exception {
        clock.set("2045-06-05T03:10:00+08:00");
        Instant at = Instant.parse("2045-06-04T19:09:58Z");
        String linkedId = "2380000001." + System.nanoTime() % 100000;
        String legacyId = "2380000002." + System.nanoTime() % 100000;
        String caller = Numbers.national();
        String promised = TicketNumbers.fallback(LocalDate.parse("2045-06-05"), linkedId, at);
        String legacyPromised = TicketNumbers.fallback(LocalDate.parse("2045-06-05"), legacyId, at);
        // as the last run journalled it before answering the PBX, then stopped with the database still down
        Path dir = Path.of(config.dataDir(), "intake-journal");
        Set<Path> before = files(dir);
        try (IntakeJournal last = new IntakeJournal(dir, json)) {
            last.write(new CallTicketService.Intake(linkedId, caller, at, "FORWARD", null, promised, "AGI"));
        }
        Set<Path> segment = files(dir);
        segment.removeAll(before);
        assertEquals(1, segment.size(), "one segment written: " + segment);
        // and a call the journal before this one left, in its own file, without the number told (it was the promised)
        Path legacy = dir.resolve("call-" + legacyId + ".json");
        Files.writeString(legacy, "{\"linkedId\":\"" + legacyId + "\",\"callerRaw\":\"" + Numbers.national()
                + "\",\"at\":\"" + at + "\",\"route\":\"QUEUE\",\"queue\":\"hotline\",\"promisedNumber\":\""
                + legacyPromised + "\",\"source\":\"AGI\"}");

        intake.replayJournal(null); // what the start does (StartupEvent)

        assertEquals(promised, ticketOf(linkedId), "under the number the PBX was given");
        assertEquals("FORWARD|AGI|false", Api.queryString("SELECT route || '|' || source || '|' || office_hours::text"
                + " FROM call_record WHERE linked_id = '" + linkedId + "'"));
        assertEquals(legacyPromised, ticketOf(legacyId));
        Await.until("the journal's files go once their calls are on their tickets", Duration.ofSeconds(10),
                () -> !Files.exists(segment.iterator().next()) && !Files.exists(legacy));
        assertFalse(intake.awaitingDatabase(linkedId));
        assertFalse(intake.awaitingDatabase(legacyId));
    }

    private static Set<Path> files(Path dir) throws java.io.IOException {
        try (var list = Files.list(dir)) {
            return list.collect(Collectors.toCollection(HashSet::new));
        }
    }
}

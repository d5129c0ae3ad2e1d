package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * "Never lost" across a restart: a call the routing script answered from the journal (the database was
 * down) is still in the journal when the service stops; the next start writes it onto its ticket under
 * the number the PBX was given, and the journal entry goes.
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

    @Test
    void aCallLeftInTheJournalByTheLastRunIsWrittenAtTheNextStart() throws Exception {
        clock.set("2045-06-05T03:10:00+08:00");
        Instant at = Instant.parse("2045-06-04T19:09:58Z");
        String linkedId = "2380000001." + System.nanoTime() % 100000;
        String caller = Numbers.national();
        String promised = TicketNumbers.fallback(LocalDate.parse("2045-06-05"), linkedId, at);
        // as the last run journalled it before answering the PBX, then stopped with the database still down
        Path dir = Path.of(config.dataDir(), "intake-journal");
        new IntakeJournal(dir, json).write(new CallTicketService.Intake(linkedId, caller, at, "FORWARD", null, promised,
                "AGI"));
        Path entry = dir.resolve("call-" + linkedId + ".json");
        assertTrue(Files.exists(entry));

        intake.replayJournal(null); // what the start does (StartupEvent)

        String number = Await.value(() -> Api.queryString("SELECT t.number FROM call_record c JOIN ticket t"
                + " ON t.id = c.ticket_id WHERE c.linked_id = '" + linkedId + "'"), Duration.ofSeconds(30));
        assertEquals(promised, number, "under the number the PBX was given");
        assertEquals("FORWARD|AGI|false", Api.queryString("SELECT route || '|' || source || '|' || office_hours::text"
                + " FROM call_record WHERE linked_id = '" + linkedId + "'"));
        Await.until("the journal entry goes once the call is on its ticket", Duration.ofSeconds(10),
                () -> !Files.exists(entry));
        assertFalse(intake.awaitingDatabase(linkedId));
    }
}

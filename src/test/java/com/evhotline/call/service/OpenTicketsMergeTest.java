package com.evhotline.call.service;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.evhotline.call.service.OpenTickets.Open;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What memory keeps of a caller's open ticket after a read of the database that began at change 10:
 * the read, unless memory changed while it was under way or holds a ticket promised to the PBX that the
 * read could not see yet.
 */
class OpenTicketsMergeTest {

    private static final Instant T = Instant.parse("2038-03-01T02:00:00Z");

    private static Open read(String number, Instant at) {
        return new Open(number, at, null, 0);
    }

    @Test
    void theReadWinsOverWhatMemoryHeldBeforeIt() {
        Open read = read("HL-1", T);
        assertSame(read, OpenTickets.newer(new Open("HL-0", T.minusSeconds(60), null, 9), read, 10));
        assertNull(OpenTickets.newer(new Open("HL-0", T, null, 9), null, 10), "closed meanwhile: forgotten");
        assertSame(read, OpenTickets.newer(null, read, 10));
    }

    @Test
    void aChangeWhileTheReadWasUnderWayIsKept() {
        Open mine = new Open("HL-2", T, null, 11);
        assertSame(mine, OpenTickets.newer(mine, read("HL-1", T), 10));
        Open closed = new Open(null, T, null, 12); // a notification said it closed, after the read began
        assertSame(closed, OpenTickets.newer(closed, read("HL-1", T), 10));
    }

    @Test
    void aClosingTheReadHasOvertakenGoes() {
        assertNull(OpenTickets.newer(new Open(null, T, null, 9), null, 10));
        Open read = read("HL-1", T);
        assertSame(read, OpenTickets.newer(new Open(null, T, null, 9), read, 10));
    }

    @Test
    void aPromisedTicketIsKeptUntilTheDatabaseHasIt() {
        Open promised = new Open("HL-3", T, new java.util.concurrent.CompletableFuture<>(), 5);
        assertSame(promised, OpenTickets.newer(promised, null, 10), "not yet written");
        assertSame(promised, OpenTickets.newer(promised, read("HL-1", T.minusSeconds(3600)), 10),
                "newer than the caller's older open ticket");
        Open written = read("HL-3", T.minusMillis(200)); // received when the PBX first saw the call
        assertSame(written, OpenTickets.newer(promised, written, 10), "written: the database's from now on");
        Open later = read("HL-4", T.plusSeconds(60));
        assertSame(later, OpenTickets.newer(promised, later, 10), "a later ticket of the caller wins");
    }

    @Test
    void aPromisedTicketWhoseWriteIsOverIsWhatTheDatabaseSays() {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        done.complete(null);
        Open written = new Open("HL-5", T, done, 5);
        assertNull(OpenTickets.newer(written, null, 10), "written, then closed: gone");
        Open read = read("HL-1", T.minusSeconds(3600));
        assertSame(read, OpenTickets.newer(written, read, 10));
    }
}

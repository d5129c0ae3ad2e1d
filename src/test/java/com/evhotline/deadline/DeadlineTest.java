package com.evhotline.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A deadline is met by the act that meets it; an act after the due instant leaves it BREACHED. */
class DeadlineTest {

    private static final Instant DUE = Instant.parse("2026-11-27T02:30:00Z");

    private static Deadline pending() {
        return Deadline.pending(7L, DeadlineKind.REPLY, DUE);
    }

    @Test
    void shouldStartPendingWithItsTicketKindAndDueInstant() {
        Deadline d = pending();

        assertEquals(7L, d.ticketId);
        assertEquals(DeadlineKind.REPLY, d.kind);
        assertEquals(DUE, d.dueAt);
        assertEquals(DeadlineState.PENDING, d.state);
        assertNull(d.metAt);
    }

    @Test
    void shouldBeMetWhenMetExactlyAtTheDueInstant() {
        Deadline d = pending();

        assertTrue(d.meet(DUE));
        assertEquals(DeadlineState.MET, d.state);
        assertEquals(DUE, d.metAt);
    }

    @Test
    void shouldBeMetWhenMetBeforeTheDueInstant() {
        Deadline d = pending();

        assertTrue(d.meet(DUE.minusSeconds(600)));
        assertEquals(DeadlineState.MET, d.state);
        assertEquals(DUE.minusSeconds(600), d.metAt);
    }

    @Test
    void shouldBeBreachedWithItsMetAtWhenMetOneSecondLate() {
        Deadline d = pending();

        assertTrue(d.meet(DUE.plusSeconds(1)));
        assertEquals(DeadlineState.BREACHED, d.state);
        assertEquals(DUE.plusSeconds(1), d.metAt);
    }

    @Test
    void shouldChangeNothingWhenMetASecondTime() {
        Deadline d = pending();
        d.meet(DUE.minusSeconds(60));

        assertFalse(d.meet(DUE.plusSeconds(3600)));
        assertEquals(DeadlineState.MET, d.state);
        assertEquals(DUE.minusSeconds(60), d.metAt);
    }

    @Test
    void shouldStayBreachedWhenALateDeadlineIsMetAgainInTime() {
        Deadline d = pending();
        d.meet(DUE.plusSeconds(10));

        assertFalse(d.meet(DUE.minusSeconds(10)));
        assertEquals(DeadlineState.BREACHED, d.state);
        assertEquals(DUE.plusSeconds(10), d.metAt);
    }

    @Test
    void shouldNotMeetAnExemptDeadline() {
        Deadline d = pending();
        d.state = DeadlineState.EXEMPT;

        assertFalse(d.meet(DUE));
        assertEquals(DeadlineState.EXEMPT, d.state);
        assertNull(d.metAt);
        assertEquals(DeadlineState.EXEMPT, d.stateAt(DUE.plusSeconds(3600)));
    }

    @Test
    void shouldReadPendingUpToTheDueInstantAndBreachedAfterIt() {
        Deadline d = pending();

        assertEquals(DeadlineState.PENDING, d.stateAt(DUE.minusSeconds(1)));
        assertEquals(DeadlineState.PENDING, d.stateAt(DUE));
        assertEquals(DeadlineState.BREACHED, d.stateAt(DUE.plusSeconds(1)));
        // Reading does not change the stored state.
        assertEquals(DeadlineState.PENDING, d.state);
    }

    @Test
    void shouldReadAMetDeadlineAsMetLongAfterItFellDue() {
        Deadline d = pending();
        d.meet(DUE);

        assertEquals(DeadlineState.MET, d.stateAt(DUE.plusSeconds(86_400)));
    }

    @Test
    void shouldReadABreachedDeadlineAsBreachedWhateverTheInstant() {
        Deadline d = pending();
        d.meet(DUE.plusSeconds(5));

        assertEquals(DeadlineState.BREACHED, d.stateAt(DUE.minusSeconds(100)));
    }
}

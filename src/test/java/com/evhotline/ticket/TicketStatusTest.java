package com.evhotline.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.common.Problem;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OPEN → (CALLBACK) → REPLIED → DISPATCHED → RESOLVED → CLOSED; a supervisor can reopen. */
class TicketStatusTest {

    private static void assertConflict(UnaryOperator<TicketStatus> transition, TicketStatus from) {
        Problem p = assertThrows(Problem.class, () -> transition.apply(from), "from " + from);
        assertEquals(409, p.status(), "from " + from);
    }

    @Test
    void shouldMoveOpenAndCallbackToRepliedOnAReply() {
        assertEquals(TicketStatus.REPLIED, TicketStatus.OPEN.afterReply());
        assertEquals(TicketStatus.REPLIED, TicketStatus.CALLBACK.afterReply());
    }

    @Test
    void shouldLeaveRepliedAndDispatchedAsTheyAreOnAReply() {
        assertEquals(TicketStatus.REPLIED, TicketStatus.REPLIED.afterReply());
        assertEquals(TicketStatus.DISPATCHED, TicketStatus.DISPATCHED.afterReply());
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"OPEN", "CALLBACK", "REPLIED", "DISPATCHED"})
    void shouldMoveEveryActiveTicketToDispatchedOnADispatch(TicketStatus from) {
        assertEquals(TicketStatus.DISPATCHED, from.afterDispatch());
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"OPEN", "CALLBACK", "REPLIED", "DISPATCHED"})
    void shouldMoveEveryActiveTicketToResolvedOnResolve(TicketStatus from) {
        assertEquals(TicketStatus.RESOLVED, from.afterResolve());
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"RESOLVED", "CLOSED"})
    void shouldRefuseReplyDispatchAndResolveOnAFinishedTicketWith409(TicketStatus from) {
        assertConflict(TicketStatus::afterReply, from);
        assertConflict(TicketStatus::afterDispatch, from);
        assertConflict(TicketStatus::afterResolve, from);
    }

    @Test
    void shouldTellTheUserToReopenFirst() {
        Problem p = assertThrows(Problem.class, TicketStatus.RESOLVED::afterReply);
        assertTrue(p.getMessage().contains("RESOLVED"), p.getMessage());
        assertTrue(p.getMessage().contains("reopen"), p.getMessage());
    }

    @Test
    void shouldCloseOnlyFromResolved() {
        assertEquals(TicketStatus.CLOSED, TicketStatus.RESOLVED.afterClose());
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = "RESOLVED", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseToCloseAnythingButAResolvedTicketWith409(TicketStatus from) {
        assertConflict(TicketStatus::afterClose, from);
    }

    @Test
    void shouldCountOnlyResolvedAndClosedAsFinished() {
        for (TicketStatus s : TicketStatus.values()) {
            assertEquals(s == TicketStatus.RESOLVED || s == TicketStatus.CLOSED, s.isFinished(), s.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"RESOLVED", "CLOSED"})
    void shouldReopenToOpenForTheReplyItOwesAgain(TicketStatus from) {
        assertEquals(TicketStatus.OPEN, from.afterReopen());
        assertEquals(TicketStatus.REPLIED, from.afterReopen().afterReply(), "the next reply answers it");
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"RESOLVED", "CLOSED"})
    void shouldAllowReopeningAFinishedTicket(TicketStatus from) {
        from.requireFinished();
    }

    @ParameterizedTest
    @EnumSource(value = TicketStatus.class, names = {"OPEN", "CALLBACK", "REPLIED", "DISPATCHED"})
    void shouldRefuseToReopenAnActiveTicketWith409(TicketStatus from) {
        Problem p = assertThrows(Problem.class, from::requireFinished);
        assertEquals(409, p.status());
        assertFalse(from.isFinished());
    }
}

package com.evhotline.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.common.Problem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Due a day after the resolution; reached ends it with a score; the third unanswered call ends it too. */
class FollowUpPolicyTest {

    private static final Instant NOW = Instant.parse("2052-01-10T02:00:00Z");
    private final FollowUpPolicy policy = new FollowUpPolicy(Duration.ofHours(24), 3, Duration.ofHours(4));

    @Test
    void shouldBeDueADayAfterTheResolutionUnlessThereIsNoNumberToCall() {
        assertEquals(Instant.parse("2052-01-11T02:00:00Z"), policy.dueAt(NOW));
        assertEquals(FollowUpState.DUE, policy.opening("+8613800000000"));
        assertEquals(FollowUpState.DUE, policy.opening("10086"));
        assertEquals(FollowUpState.NOT_POSSIBLE, policy.opening(null));
    }

    @Test
    void shouldEndReachedWhateverTheAttempt() {
        FollowUpPolicy.Outcome o = policy.afterCall(2, true, 3, NOW);
        assertEquals(FollowUpState.REACHED, o.state());
        assertEquals(3, o.attempts());
        assertTrue(o.ended());
        assertNull(o.nextCallAt());
    }

    @Test
    void shouldMoveAnUnansweredCallOnUntilTheLastAttempt() {
        FollowUpPolicy.Outcome first = policy.afterCall(0, false, null, NOW);
        assertEquals(FollowUpState.DUE, first.state());
        assertFalse(first.ended());
        assertEquals(NOW.plus(Duration.ofHours(4)), first.nextCallAt());
        assertEquals(FollowUpState.DUE, policy.afterCall(1, false, null, NOW).state());
        FollowUpPolicy.Outcome last = policy.afterCall(2, false, null, NOW);
        assertEquals(FollowUpState.UNREACHABLE, last.state());
        assertEquals(3, last.attempts());
        assertTrue(last.ended());
    }

    @Test
    void shouldEndAtTheFirstUnansweredCallWhenOneAttemptIsAllowed() {
        assertEquals(FollowUpState.UNREACHABLE,
                new FollowUpPolicy(Duration.ZERO, 1, Duration.ofHours(1)).afterCall(0, false, null, NOW).state());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, -1})
    void shouldRefuseAScoreOutsideOneToFive(int score) {
        Problem p = assertThrows(Problem.class, () -> policy.afterCall(0, true, score, NOW));
        assertEquals(400, p.status());
        assertTrue(p.getMessage().startsWith("satisfaction:"), p.getMessage());
    }

    @Test
    void shouldWantAScoreExactlyWhenReached() {
        assertEquals(400, assertThrows(Problem.class, () -> FollowUpPolicy.check(true, null)).status());
        assertEquals(400, assertThrows(Problem.class, () -> FollowUpPolicy.check(false, 4)).status());
        assertTrue(assertThrows(Problem.class, () -> FollowUpPolicy.check(null, null)).getMessage().startsWith("reached:"));
    }
}

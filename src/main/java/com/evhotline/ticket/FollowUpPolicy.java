package com.evhotline.ticket;

import com.evhotline.common.Problem;
import java.time.Duration;
import java.time.Instant;

/**
 * The follow-up call's rules: due a while after the resolution, unless there is no number to call; a call that
 * reaches the customer ends it with their satisfaction score (1 to 5); one nobody answered moves it on, until
 * the last attempt allowed ends it as unreachable. Either end closes the ticket.
 */
public final class FollowUpPolicy {

    /** Why a follow-up is NOT_POSSIBLE: the ticket was opened for a withheld (or no) number. */
    public static final String NO_NUMBER = "no number to call: the caller's number was withheld";

    /** What a call made for a follow-up leaves: its state, when to call next, and whether it has ended. */
    public record Outcome(FollowUpState state, Instant nextCallAt, int attempts) {

        public boolean ended() {
            return state != FollowUpState.DUE;
        }
    }

    private final Duration after;
    private final int attempts;
    private final Duration retryAfter;

    public FollowUpPolicy(Duration after, int attempts, Duration retryAfter) {
        this.after = after;
        this.attempts = attempts;
        this.retryAfter = retryAfter;
    }

    public static FollowUpPolicy of(FollowUpConfig config) {
        return new FollowUpPolicy(config.after(), config.attempts(), config.retryAfter());
    }

    /** The calls nobody answered that end a follow-up as unreachable. */
    public int attempts() {
        return attempts;
    }

    /** The state a resolution's follow-up starts in: DUE, or NOT_POSSIBLE when the ticket has no number to call. */
    public FollowUpState opening(String callerNumber) {
        return callerNumber == null || callerNumber.isBlank() ? FollowUpState.NOT_POSSIBLE : FollowUpState.DUE;
    }

    public Instant dueAt(Instant resolvedAt) {
        return resolvedAt.plus(after);
    }

    /**
     * A call made at {@code now} on a follow-up that had {@code attemptsBefore} calls: refused (400) unless a
     * reached customer gave a score of 1 to 5 and an unreached one none.
     */
    public Outcome afterCall(int attemptsBefore, Boolean reached, Integer satisfaction, Instant now) {
        check(reached, satisfaction);
        int made = attemptsBefore + 1;
        if (reached) {
            return new Outcome(FollowUpState.REACHED, null, made);
        }
        return made >= attempts ? new Outcome(FollowUpState.UNREACHABLE, null, made)
                : new Outcome(FollowUpState.DUE, now.plus(retryAfter), made);
    }

    /** Refuses (400) a call's record that does not say whether the customer was reached, or scores wrongly. */
    public static void check(Boolean reached, Integer satisfaction) {
        if (reached == null) {
            throw Problem.invalid("reached: required; true when the customer answered the follow-up call, else false");
        }
        if (reached && satisfaction == null) {
            throw Problem.invalid("satisfaction: required when the customer was reached; ask for a score from"
                    + " 1 (very dissatisfied) to 5 (very satisfied)");
        }
        if (!reached && satisfaction != null) {
            throw Problem.invalid("satisfaction: only a customer who was reached gives a score; leave it out when"
                    + " reached is false");
        }
        if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
            throw Problem.invalid("satisfaction: " + satisfaction + " is not a score; give 1 (very dissatisfied) to"
                    + " 5 (very satisfied)");
        }
    }
}

package com.evhotline.ticket;

/**
 * Where a ticket's follow-up call stands: DUE until the customer is REACHED or stays UNREACHABLE after the last
 * attempt allowed (either ends it and closes the ticket); NOT_POSSIBLE when there is no number to call;
 * CANCELLED when the ticket was reopened before it ended.
 */
public enum FollowUpState {
    DUE,
    REACHED,
    UNREACHABLE,
    NOT_POSSIBLE,
    CANCELLED
}

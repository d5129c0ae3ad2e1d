package com.evhotline.ticket;

/**
 * A ticket's fault (or the vehicle of a ticket with a fault) was recorded and committed: fired after the
 * transaction, so whoever looks at faults across tickets (batch quality problems) sees it at once.
 */
public record FaultRecorded(long ticketId) {
}

package com.evhotline.call;

import java.time.Instant;

/**
 * A call the routing script answered is now on its ticket in the database (fired once per call, after the
 * commit): what the pages need to show an incoming call. {@code route} is {@code QUEUE} or {@code FORWARD}.
 */
public record CallOnTicket(long callId, long ticketId, String ticketNumber, String route, Instant at) {
}

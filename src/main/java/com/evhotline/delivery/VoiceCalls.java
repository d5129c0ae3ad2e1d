package com.evhotline.delivery;

import io.smallrye.mutiny.Uni;

/**
 * Voice notices: a call to a person's phone that reads the message out and asks for 1 to acknowledge. Placed by
 * the PBX link ({@code telephony/}); the key press comes back through {@link Acknowledgements#byKeyPress}.
 */
public interface VoiceCalls {

    /** Whether calls can be placed at all (a PBX link is configured). */
    boolean configured();

    /** Rings {@code number}; answers null once the call was answered, else why it was not. */
    Uni<String> call(long messageId, String number, String ticketNumber);
}

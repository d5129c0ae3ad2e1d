package com.evhotline.delivery;

import io.smallrye.mutiny.Uni;

/**
 * Voice notices: a call to a person's phone that reads the message out and asks for 1 to acknowledge. Placed by
 * the PBX link ({@code telephony/}); the key press comes back through {@link Acknowledgements#byKeyPress}.
 */
public interface VoiceCalls {

    /** Whether calls can be placed at all (a PBX link is configured). */
    boolean configured();

    /**
     * Rings {@code number} for that attempt at the message; answers null once the PBX is placing the call, else
     * why it is not. Whether it was answered comes later ({@link DeliveryWorker#voiceAnswered}).
     */
    Uni<String> call(long messageId, int attempt, String number, String ticketNumber);
}

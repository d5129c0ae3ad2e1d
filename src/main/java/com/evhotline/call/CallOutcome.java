package com.evhotline.call;

/** How an inbound call ended, as the supervisors' answer rate counts it. */
public enum CallOutcome {
    IN_PROGRESS, ANSWERED, FORWARDED, MISSED, ABANDONED;

    /** A call nobody took: its ticket asks for a call-back. */
    public boolean unanswered() {
        return this == MISSED || this == ABANDONED;
    }
}

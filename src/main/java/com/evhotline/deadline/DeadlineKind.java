package com.evhotline.deadline;

/**
 * REPLY: the customer hears back. DISPATCH: a work-instruction notice goes to a station or regional
 * manager. ARRIVAL: a rescue vehicle reaches the stranded car, within its distance band's limit.
 * ACKNOWLEDGE: the station or regional manager a notice went to acknowledges it (one per notice).
 */
public enum DeadlineKind {
    REPLY,
    DISPATCH,
    ARRIVAL,
    ACKNOWLEDGE
}

package com.evhotline.deadline;

/** REPLY: the customer hears back. DISPATCH: a work-instruction notice goes to a station or regional manager. */
public enum DeadlineKind {
    REPLY,
    DISPATCH
}

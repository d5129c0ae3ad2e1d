package com.evhotline.deadline;

/** Where a deadline stands. A reply or dispatch after the due instant leaves it BREACHED with its metAt. */
public enum DeadlineState {
    PENDING,
    MET,
    BREACHED,
    EXEMPT
}

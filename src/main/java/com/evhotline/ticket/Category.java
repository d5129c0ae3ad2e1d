package com.evhotline.ticket;

/** What a ticket is about. All but INQUIRY need a work-instruction notice (the DISPATCH deadline). */
public enum Category {
    GENERAL_QUALITY(true),
    COMPLAINT(true),
    MAJOR_INCIDENT(true),
    RESCUE(true),
    INQUIRY(false);

    private final boolean needsDispatch;

    Category(boolean needsDispatch) {
        this.needsDispatch = needsDispatch;
    }

    public boolean needsDispatch() {
        return needsDispatch;
    }
}

package com.evhotline.ticket;

import com.evhotline.common.Problem;

/**
 * A ticket's life: OPEN → (CALLBACK when the call was missed) → REPLIED → DISPATCHED → RESOLVED →
 * CLOSED; a ticket that needs no dispatch goes from REPLIED to RESOLVED; a supervisor can reopen, to OPEN.
 */
public enum TicketStatus {
    OPEN,
    CALLBACK,
    REPLIED,
    DISPATCHED,
    RESOLVED,
    CLOSED;

    public boolean isFinished() {
        return this == RESOLVED || this == CLOSED;
    }

    /** The status after the customer got a reply. */
    public TicketStatus afterReply() {
        requireActive("record a reply");
        return this == OPEN || this == CALLBACK ? REPLIED : this;
    }

    /** The status after a work-instruction notice went out. */
    public TicketStatus afterDispatch() {
        requireActive("send a work-instruction notice");
        return DISPATCHED;
    }

    public TicketStatus afterResolve() {
        requireActive("resolve it");
        return RESOLVED;
    }

    public TicketStatus afterClose() {
        if (this != RESOLVED) {
            throw Problem.conflict("only a RESOLVED ticket can be closed (after the follow-up call); this one is " + this);
        }
        return CLOSED;
    }

    /** A reopened ticket is open again: it owes the customer a new reply (its earlier ones stay on record). */
    public TicketStatus afterReopen() {
        requireFinished();
        return OPEN;
    }

    public void requireFinished() {
        if (!isFinished()) {
            throw Problem.conflict("only a RESOLVED or CLOSED ticket can be reopened; this one is " + this);
        }
    }

    private void requireActive(String what) {
        if (isFinished()) {
            throw Problem.conflict("the ticket is " + this + ": reopen it before you " + what);
        }
    }
}

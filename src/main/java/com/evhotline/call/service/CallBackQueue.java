package com.evhotline.call.service;

import com.evhotline.calendar.CalendarService;
import com.evhotline.roster.RosterService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Who owns a call's ticket from its first second until someone answers the call (and for good when
 * nobody does: the call-back queue): outside office hours the first person on duty at that instant;
 * in office hours, or with nobody on duty, the shift's supervisor, whom the ticket's writing picks
 * ({@code TicketOpening}: the first active supervisor) when this answers null.
 */
@ApplicationScoped
public class CallBackQueue {

    private final CalendarService calendar;
    private final RosterService roster;

    public CallBackQueue(CalendarService calendar, RosterService roster) {
        this.calendar = calendar;
        this.roster = roster;
    }

    /** The owner's staff id at the call's instant, or null for the shift's supervisor. */
    public Long ownerAt(Instant at) {
        if (calendar.current().isOfficeHours(at)) {
            return null;
        }
        return roster.onDutyAt(at).stream().findFirst().map(RosterService.OnDuty::staffId).orElse(null);
    }
}

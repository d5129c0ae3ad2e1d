package com.evhotline.routing;

import com.evhotline.calendar.ServiceCalendar;
import com.evhotline.calendar.Shift;
import com.evhotline.roster.RosterService.OnDuty;
import java.time.Instant;
import java.util.List;

/**
 * Where a call goes at an instant, and why: the agents' queue in office hours (the on-duty chain
 * behind it for overflow), the on-duty mobiles outside them. Decided from memory only.
 */
public record Routing(Instant at, Route route, String queue, List<OnDuty> forward, boolean officeHours, Shift shift,
        String reason) {

    /** QUEUE in office hours, FORWARD outside them. */
    public enum Route { QUEUE, FORWARD }

    public static Routing decide(Instant at, ServiceCalendar calendar, List<OnDuty> chain, String queue) {
        boolean office = calendar.isOfficeHours(at);
        String reason = calendar.reasonAt(at);
        if (chain.isEmpty()) {
            reason += "; nobody on duty: overflow goes to the emergency mobile";
        } else if (chain.stream().anyMatch(OnDuty::override)) {
            reason += "; an override is in force";
        }
        return new Routing(at, office ? Route.QUEUE : Route.FORWARD, office ? queue : null, chain, office,
                calendar.shiftAt(at), reason);
    }
}

package com.evhotline.routing;

import com.evhotline.calendar.CalendarService;
import com.evhotline.roster.RosterService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What the FastAGI script would answer at an instant, without opening a ticket: the same {@link Routing#decide}
 * over the calendar and the on-duty chain the script reads (from memory; an instant before the roster held in
 * memory is read from the database).
 */
@ApplicationScoped
public class RoutingPreview {

    private final CalendarService calendar;
    private final RosterService roster;
    private final String queue;

    public RoutingPreview(CalendarService calendar, RosterService roster, RoutingConfig config) {
        this.calendar = calendar;
        this.roster = roster;
        this.queue = config.queue();
    }

    public Uni<Routing> at(Instant at) {
        return roster.onDutyAnyTime(at).map(chain -> Routing.decide(at, calendar.current(), chain, queue));
    }
}

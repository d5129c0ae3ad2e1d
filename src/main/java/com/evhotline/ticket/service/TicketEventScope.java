package com.evhotline.ticket.service;

import com.evhotline.ticket.TicketEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * What of a ticket's history a station or regional manager sees: the ticket's life (opened, reclassified, resolved,
 * closed, reopened, its rescue distance), and the events about the notices sent to them or their station's vehicles.
 * Another station's notices, vehicles and reports, the calls and the alerts stay with the centre.
 */
final class TicketEventScope {

    private static final Set<String> LIFE = Set.of("OPENED", "CATEGORY_CHANGED", "RESOLVED", "CLOSED", "REOPENED",
            "DISTANCE_BAND_SET");

    private TicketEventScope() {
    }

    static List<TicketEvent> seenBy(List<TicketEvent> events, Set<Long> theirNotices, Long theirStation) {
        return events.stream().filter(e -> theirs(e, theirNotices, theirStation)).toList();
    }

    private static boolean theirs(TicketEvent e, Set<Long> notices, Long station) {
        if (LIFE.contains(e.type)) {
            return true;
        }
        JsonObject detail;
        try {
            detail = e.detail == null ? null : new JsonObject(e.detail);
        } catch (DecodeException | ClassCastException notAnObject) {
            return false;
        }
        if (detail == null) {
            return false;
        }
        Long notice = detail.getValue("noticeId") instanceof Number n ? n.longValue() : null;
        Long ofStation = detail.getValue("stationId") instanceof Number n ? n.longValue() : null;
        return (notice != null && notices.contains(notice)) || (ofStation != null && ofStation.equals(station));
    }
}

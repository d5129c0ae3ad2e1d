package com.evhotline.ticket.service;

import com.evhotline.dispatch.NoticeHistory;
import com.evhotline.ticket.repository.TicketEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/** A notice's acknowledgement as an event of its ticket, meeting the notice's ACKNOWLEDGE deadline. */
@ApplicationScoped
public class TicketNoticeHistory implements NoticeHistory {

    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;

    public TicketNoticeHistory(TicketEventRepository events, TicketDeadlines deadlines) {
        this.events = events;
        this.deadlines = deadlines;
    }

    @Override
    public Uni<Void> acknowledged(Long ticketId, Long noticeId, String actor, Instant at) {
        return events.append(ticketId, at, actor, "NOTICE_ACKNOWLEDGED", Map.of("noticeId", noticeId))
                .chain(() -> deadlines.acknowledged(ticketId, noticeId, at, actor));
    }

    @Override
    public Uni<Void> progress(Long ticketId, Long noticeId, String kind, String note, String actor, Instant at) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("noticeId", noticeId);
        detail.put("progress", kind);
        if (note != null) {
            detail.put("note", note);
        }
        return events.append(ticketId, at, actor, "NOTICE_PROGRESS", detail).replaceWithVoid();
    }
}

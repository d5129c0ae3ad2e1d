package com.evhotline.dispatch.rest;

import com.evhotline.common.WireTime;
import com.evhotline.dispatch.DispatchNotice;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A work-instruction notice as the API shows it. */
public record NoticeView(Long id, Long ticketId, Long stationId, Long staffId, String instruction,
        DispatchNotice.State state, OffsetDateTime issuedAt, String issuedBy, OffsetDateTime acknowledgedAt,
        String acknowledgedBy) {

    public static NoticeView of(DispatchNotice n, ZoneId zone) {
        return new NoticeView(n.id, n.ticketId, n.stationId, n.staffId, n.instruction, n.state,
                WireTime.show(n.issuedAt, zone), n.issuedBy, WireTime.show(n.acknowledgedAt, zone), n.acknowledgedBy);
    }
}

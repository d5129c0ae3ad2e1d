package com.evhotline.dispatch;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** Where what happens to a dispatch notice goes on record: the history of the ticket it was issued for. */
public interface NoticeHistory {

    /** The notice was acknowledged by {@code actor} at {@code at}, in the caller's transaction. */
    Uni<Void> acknowledged(Long ticketId, Long noticeId, String actor, Instant at);

    /** The station reported progress on the notice, in the caller's transaction. */
    Uni<Void> progress(Long ticketId, Long noticeId, String kind, String note, String actor, Instant at);
}

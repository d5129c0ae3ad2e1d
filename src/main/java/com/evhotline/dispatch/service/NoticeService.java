package com.evhotline.dispatch.service;

import com.evhotline.common.Problem;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.repository.DispatchNoticeRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.dispatch.NoticeHistory;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Work-instruction notices as their addressees see them, and their acknowledgement. */
@ApplicationScoped
public class NoticeService {

    private final DispatchNoticeRepository notices;
    private final NoticeHistory history;
    private final Clock clock;

    public NoticeService(DispatchNoticeRepository notices, NoticeHistory history, Clock clock) {
        this.notices = notices;
        this.history = history;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<DispatchNotice>> visibleTo(CurrentUser user, Long ticketId) {
        return notices.visibleTo(user, ticketId);
    }

    /** One notice, if sent to the user's station or region (or the user sees every notice). */
    @WithSession
    public Uni<DispatchNotice> one(long id, CurrentUser user) {
        return notices.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> visible(id, user));
    }

    private Uni<Void> visible(long id, CurrentUser user) {
        return user.seesEverything() ? Uni.createFrom().voidItem()
                : notices.addressedTo(id, user).invoke(ok -> {
                    if (!ok) {
                        throw Problem.forbidden("notice " + id + " was not sent to your station or region");
                    }
                }).replaceWithVoid();
    }

    /** Acknowledges a notice sent to the user's station or region; a second acknowledgement changes nothing. */
    @WithTransaction
    public Uni<DispatchNotice> acknowledge(long id, CurrentUser user) {
        Instant now = clock.instant();
        return notices.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> visible(id, user))
                .call(n -> {
                    if (n.state == DispatchNotice.State.ACKNOWLEDGED) {
                        return Uni.createFrom().voidItem();
                    }
                    n.state = DispatchNotice.State.ACKNOWLEDGED;
                    n.acknowledgedAt = now;
                    n.acknowledgedBy = user.username();
                    return history.acknowledged(n.ticketId, n.id, user.username(), now);
                });
    }
}

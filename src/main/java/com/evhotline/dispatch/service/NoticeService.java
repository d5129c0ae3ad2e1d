package com.evhotline.dispatch.service;

import com.evhotline.common.Problem;
import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.dispatch.repository.DispatchNoticeRepository;
import com.evhotline.security.CurrentUser;
import com.evhotline.dispatch.NoticeHistory;
import com.evhotline.notification.Outbox;
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
    private final Outbox outbox;
    private final Clock clock;

    private final com.evhotline.dispatch.repository.NoticeReportRepository reports;

    public NoticeService(DispatchNoticeRepository notices, NoticeHistory history, Outbox outbox, Clock clock,
            com.evhotline.dispatch.repository.NoticeReportRepository reports) {
        this.reports = reports;
        this.notices = notices;
        this.history = history;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<DispatchNotice>> visibleTo(CurrentUser user, Long ticketId) {
        return notices.visibleTo(user, ticketId);
    }

    /** The newest {@code limit} notices the user may see. */
    @WithSession
    public Uni<List<DispatchNotice>> latestVisibleTo(CurrentUser user, int limit) {
        return notices.visibleTo(user, null, limit);
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

    /**
     * Acknowledges a notice sent to the user's station or region; a second acknowledgement changes nothing.
     * Its messages still waiting (a voice call not yet placed) are not sent.
     */
    public Uni<DispatchNotice> acknowledge(long id, CurrentUser user) {
        Instant now = clock.instant();
        return acknowledgeChecked(id, user, now)
                .call(n -> outbox.acknowledgeNotice(now, id, user.username()));
    }

    @WithTransaction
    Uni<DispatchNotice> acknowledgeChecked(long id, CurrentUser user, Instant now) {
        return notices.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> visible(id, user))
                .call(n -> acknowledged(n, user.username(), now));
    }

    /**
     * Records what the station's crew did on a notice sent to the user's station or region. A report on a notice not
     * yet acknowledged acknowledges it: whoever reports work has the notice.
     */
    public Uni<com.evhotline.dispatch.NoticeReport> report(long id, com.evhotline.dispatch.NoticeReport.Kind kind, String note,
            CurrentUser user) {
        Instant now = clock.instant();
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > 2000) {
            return Uni.createFrom().failure(Problem.invalid("note: at most 2,000 characters"));
        }
        return reportChecked(id, kind, text, user, now)
                .call(r -> outbox.acknowledgeNotice(now, id, user.username()));
    }

    @WithTransaction
    Uni<com.evhotline.dispatch.NoticeReport> reportChecked(long id, com.evhotline.dispatch.NoticeReport.Kind kind, String note,
            CurrentUser user, Instant now) {
        return notices.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> visible(id, user))
                .call(n -> acknowledged(n, user.username(), now))
                .chain(n -> {
                    var r = new com.evhotline.dispatch.NoticeReport();
                    r.noticeId = id;
                    r.kind = kind;
                    r.note = note;
                    r.reportedBy = user.username();
                    r.reportedAt = now;
                    return reports.persist(r).call(saved -> history.progress(n.ticketId, id, kind.name(), note,
                            user.username(), now));
                });
    }

    /** The reports on these notices, oldest first. */
    @WithSession
    public Uni<List<com.evhotline.dispatch.NoticeReport>> reportsOn(java.util.Collection<Long> noticeIds) {
        return reports.of(noticeIds);
    }

    /** Acknowledges a notice by the signed link its addressee received (the link proves who it was for). */
    @WithTransaction
    public Uni<Void> acknowledgeByLink(long id, String by, Instant now) {
        return notices.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE) // two at once: one counts
                .onItem().ifNull().failWith(() -> Problem.notFound("notice", id))
                .call(n -> acknowledged(n, by, now))
                .replaceWithVoid();
    }

    private Uni<Void> acknowledged(DispatchNotice n, String by, Instant now) {
        if (n.state == DispatchNotice.State.ACKNOWLEDGED) {
            return Uni.createFrom().voidItem();
        }
        n.state = DispatchNotice.State.ACKNOWLEDGED;
        n.acknowledgedAt = now;
        n.acknowledgedBy = by;
        return history.acknowledged(n.ticketId, n.id, by, now);
    }
}

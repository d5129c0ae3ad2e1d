package com.evhotline.delivery;

import com.evhotline.common.OnSafeContext;
import com.evhotline.dispatch.service.NoticeService;
import com.evhotline.notification.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A message acknowledged by its person, whichever way (the link, the key press on a voice call): every channel
 * it went by is acknowledged, and a work-instruction notice with it. The first acknowledgement counts.
 */
@ApplicationScoped
public class Acknowledgements {

    private static final Logger LOG = Logger.getLogger(Acknowledgements.class);

    private final Outbox outbox;
    private final NoticeService notices;
    private final Clock clock;
    private final Vertx vertx;

    public Acknowledgements(Outbox outbox, NoticeService notices, Clock clock, Vertx vertx) {
        this.outbox = outbox;
        this.notices = notices;
        this.clock = clock;
        this.vertx = vertx;
    }

    /** Acknowledges; answers the message as it stands after (null when there is no such message). */
    public Uni<Outbox.Acknowledgeable> acknowledge(long messageId, String how) {
        Instant now = clock.instant();
        return outbox.one(messageId).chain(m -> {
            if (m == null || m.acknowledgedAt() != null) {
                return Uni.createFrom().item(m);
            }
            String by = by(m, how);
            // the notice first: should the messages' step fail, the message still reads as unacknowledged and a
            // second try does both (the notice's acknowledgement is a no-op then)
            // only an addressee of the notice acknowledges it, by the notice or by a reminder of it (a leader told it
            // is overdue acknowledges that message)
            boolean addressee = m.noticeId() != null && m.toAddressee();
            Uni<Void> notice = !addressee ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(() -> OnSafeContext.run(vertx,
                            () -> notices.acknowledgeByLink(m.noticeId(), by, now)))
                            .chain(() -> outbox.acknowledgeNotice(now, m.noticeId(), by)); // nobody else chased on
            return notice.chain(() -> outbox.acknowledge(now, m.id(), by)).chain(() -> outbox.one(m.id()));
        });
    }

    /** The key press of a voice notice, as the PBX reported it ({@code Notice: <message id>}). */
    public void byKeyPress(String messageId) {
        if (messageId == null || !messageId.trim().matches("[1-9][0-9]{0,17}")) {
            LOG.warnf("a key press acknowledged '%s', which is no message id: ignored", messageId);
            return;
        }
        acknowledge(Long.parseLong(messageId.trim()), "key press").subscribe().with(
                m -> LOG.infof("message %s acknowledged by a key press", messageId),
                e -> LOG.errorf(e, "the key press acknowledging message %s could not be recorded", messageId));
    }

    /** Who acknowledged: the person the message was for, and how; as a username column holds it. */
    private static String by(Outbox.Acknowledgeable m, String how) {
        String name = how + ": " + (m.recipientName() == null ? "staff " + m.recipientStaffId() : m.recipientName());
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}

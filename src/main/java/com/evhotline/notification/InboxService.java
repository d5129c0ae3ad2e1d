package com.evhotline.notification;

import com.evhotline.common.Problem;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/** A person's web inbox: reading it, and marking a message read. */
@ApplicationScoped
public class InboxService {

    private final NotificationRepository notifications;
    private final Clock clock;

    public InboxService(NotificationRepository notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<Notification>> inboxOf(Long staffId, boolean unreadOnly) {
        return notifications.inboxOf(staffId, unreadOnly);
    }

    /** Marks a message of the person's own inbox read; anyone else's is as good as missing (404). */
    @WithTransaction
    public Uni<Notification> read(long id, Long staffId) {
        return notifications.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("message", id))
                .invoke(n -> {
                    if (!"WEB".equals(n.channel) || !n.recipientStaffId.equals(staffId)) {
                        throw Problem.notFound("message", id);
                    }
                    if (n.readAt == null) {
                        n.readAt = clock.instant();
                        n.state = "READ";
                    }
                });
    }
}

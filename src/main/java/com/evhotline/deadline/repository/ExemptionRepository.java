package com.evhotline.deadline.repository;

import com.evhotline.deadline.Deadline;
import com.evhotline.deadline.Exemption;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Exemptions of deadlines, active and revoked. */
@ApplicationScoped
@WithSession
public class ExemptionRepository implements PanacheRepository<Exemption> {

    /**
     * Exempts, with one reason, every deadline still owed by these tickets (pending, or breached and not
     * met: a breach stays on record, its escalation stops), and cancels their timers. $1 ticket ids,
     * $2 the instant, $3 the reason, $4 who; answers the ticket, kind and due instant of each exempted.
     */
    public static final String EXEMPT_OWED = """
            WITH d AS (
                UPDATE deadline SET state = 'EXEMPT'
                 WHERE ticket_id = ANY($1::bigint[]) AND state IN ('PENDING', 'BREACHED') AND met_at IS NULL
                RETURNING id, ticket_id, kind, due_at),
            e AS (
                INSERT INTO exemption (ticket_id, deadline_id, kind, reason, created_by, created_at)
                SELECT ticket_id, id, kind, $3, $4, $2::timestamptz FROM d),
            t AS (
                UPDATE deadline_timer SET state = 'CANCELLED'
                 WHERE deadline_id IN (SELECT id FROM d) AND state = 'PENDING')
            SELECT ticket_id, kind, due_at FROM d ORDER BY ticket_id, kind""";

    public Uni<List<Exemption>> activeOfTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 and revokedAt is null", ticketIds);
    }

    /** Exempts a deadline still owed, with why and by whom; the caller cancels its timers. */
    public Uni<Exemption> exempt(Deadline d, String reason, String by, Instant at) {
        d.exempt();
        return persist(Exemption.of(d, reason, by, at));
    }

    /** Revokes an exemption with why and by whom; the caller has the deadline owed again. */
    public void revoke(Exemption e, String reason, String by, Instant at) {
        e.revoke(reason, by, at);
    }
}

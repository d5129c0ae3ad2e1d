package com.evhotline.deadline.repository;

import com.evhotline.deadline.Exemption;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Exemptions of deadlines, active and revoked. */
@ApplicationScoped
@WithSession
public class ExemptionRepository implements PanacheRepository<Exemption> {

    /**
     * Exempts, with one reason, the pending deadline of a kind of each of these tickets that is not yet
     * due (a breach stays on record), and cancels its timers. $1 ticket ids, $2 the instant, $3 the kind,
     * $4 the reason, $5 who; answers the ticket and due instant of each deadline exempted.
     */
    public static final String EXEMPT_PENDING = """
            WITH d AS (
                UPDATE deadline SET state = 'EXEMPT'
                 WHERE ticket_id = ANY($1::bigint[]) AND kind = $3 AND state = 'PENDING'
                   AND due_at >= $2::timestamptz
                RETURNING id, ticket_id, due_at),
            e AS (
                INSERT INTO exemption (ticket_id, deadline_id, kind, reason, created_by, created_at)
                SELECT ticket_id, id, $3, $4, $5, $2::timestamptz FROM d),
            t AS (
                UPDATE deadline_timer SET state = 'CANCELLED'
                 WHERE deadline_id IN (SELECT id FROM d) AND state = 'PENDING')
            SELECT ticket_id, due_at FROM d ORDER BY ticket_id""";

    public Uni<List<Exemption>> activeOfTickets(Collection<Long> ticketIds) {
        return ticketIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("ticketId in ?1 and revokedAt is null", ticketIds);
    }
}

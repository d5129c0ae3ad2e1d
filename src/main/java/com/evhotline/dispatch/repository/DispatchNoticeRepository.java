package com.evhotline.dispatch.repository;

import com.evhotline.dispatch.DispatchNotice;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.ManagerScope;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Work-instruction notices, and which of them a user may see. */
@ApplicationScoped
@WithSession
public class DispatchNoticeRepository implements PanacheRepository<DispatchNotice> {

    private static final String ADDRESSED_TO = """
            (stationId = :station or staffId = :staff
             or stationId in (select s.id from Station s where s.region = :region or s.managerStaffId = :staff))""";

    public Uni<List<DispatchNotice>> visibleTo(CurrentUser user, Long ticketId) {
        return visibleTo(user, ticketId, Integer.MAX_VALUE);
    }

    /** The newest {@code limit} notices the user may see (of one ticket, when {@code ticketId} is given). */
    public Uni<List<DispatchNotice>> visibleTo(CurrentUser user, Long ticketId, int limit) {
        String ticket = ticketId == null ? "" : "ticketId = :ticket and ";
        Parameters p = new Parameters();
        if (ticketId != null) {
            p.and("ticket", ticketId);
        }
        if (user.seesEverything()) {
            return find(ticket + "1 = 1 order by issuedAt desc, id desc", p).range(0, limit - 1).list();
        }
        return find(ticket + ADDRESSED_TO + " order by issuedAt desc, id desc", ManagerScope.bind(p, user))
                .range(0, limit - 1).list();
    }

    public Uni<Boolean> addressedTo(Long noticeId, CurrentUser user) {
        return count("id = :id and " + ADDRESSED_TO, ManagerScope.bind(Parameters.with("id", noticeId), user)).map(n -> n > 0);
    }

    public Uni<Long> countOfTicket(Long ticketId) {
        return count("ticketId", ticketId);
    }

    /** A notice issued now to a station or to a regional manager (exactly one of the two), written. */
    public Uni<DispatchNotice> issue(Long ticketId, Long stationId, Long staffId, String instruction, Instant at, String by) {
        DispatchNotice n = new DispatchNotice();
        n.ticketId = ticketId;
        n.stationId = stationId;
        n.staffId = staffId;
        n.instruction = instruction.trim();
        n.state = DispatchNotice.State.ISSUED;
        n.issuedAt = at;
        n.issuedBy = by;
        return persist(n);
    }
}

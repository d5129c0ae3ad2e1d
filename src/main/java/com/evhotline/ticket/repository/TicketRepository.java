package com.evhotline.ticket.repository;

import com.evhotline.security.CurrentUser;
import com.evhotline.security.ManagerScope;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Tickets: numbering, lookup, and the filtered list a user may see. */
@ApplicationScoped
@WithSession
public class TicketRepository implements PanacheRepository<Ticket> {

    private final TicketTally tally;

    public TicketRepository(TicketTally tally) {
        this.tally = tally;
    }

    /** What a list asks for; nulls mean no filter. */
    public record Filter(TicketStatus status, Category category, String callerNumber, Instant from, Instant to) {
    }

    /** One page of tickets and the count of all that match. */
    public record Found(List<Ticket> items, long total) {
    }

    /** A ticket's human-readable number, for views of things that point at tickets. */
    public record TicketNumber(Long id, String number) {
    }

    public Uni<Found> search(Filter filter, CurrentUser user, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.status() != null) {
            where.add("status = :status");
            params.and("status", filter.status());
        }
        if (filter.category() != null) {
            where.add("category = :category");
            params.and("category", filter.category());
        }
        if (filter.callerNumber() != null) {
            where.add("callerNumber = :caller");
            params.and("caller", filter.callerNumber());
        }
        if (filter.from() != null) {
            where.add("receivedAt >= :from");
            params.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.add("receivedAt < :to");
            params.and("to", filter.to());
        }
        if (!user.seesEverything()) {
            where.add(VISIBLE_TO_MANAGER);
            ManagerScope.bind(params, user);
        }
        String query = "from Ticket t where " + (where.isEmpty() ? "1 = 1" : String.join(" and ", where));
        // a caller's tickets, or a manager's, are few: counted as they are; any others from the tally
        Uni<Long> total = filter.callerNumber() == null && user.seesEverything()
                ? tally.count(name(filter.status()), name(filter.category()), filter.from(), filter.to())
                : count(query, params);
        return pageIds(query, params.map(), page, size)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Ticket>of()) : list("id in ?1", ids)
                        .map(tickets -> inOrder(ids, tickets)))
                .chain(items -> total.map(n -> new Found(items, n)));
    }

    /**
     * The ids of a page, newest first, read from an index alone (status, category or receipt with the id): a deep
     * page skips thousands of index entries, not thousands of tickets.
     */
    private Uni<List<Long>> pageIds(String query, Map<String, Object> params, int page, int size) {
        return getSession().chain(s -> {
            var ids = s.createSelectionQuery("select t.id " + query + " order by t.receivedAt desc, t.id desc", Long.class)
                    .setFirstResult(page * size).setMaxResults(size);
            params.forEach(ids::setParameter);
            return ids.getResultList();
        });
    }

    private static List<Ticket> inOrder(List<Long> ids, List<Ticket> tickets) {
        Map<Long, Ticket> byId = tickets.stream().collect(Collectors.toMap(t -> t.id, t -> t));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** The numbers of these tickets, by id (one query, without loading the tickets). */
    public Uni<Map<Long, String>> numbersOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return find("id in ?1", ids).project(TicketNumber.class).list()
                .map(found -> found.stream().collect(Collectors.toMap(TicketNumber::id, TicketNumber::number)));
    }

    /** Whether a station or regional manager may see the ticket: a notice went their way. */
    public Uni<Boolean> visibleTo(Long ticketId, CurrentUser user) {
        if (user.seesEverything()) {
            return Uni.createFrom().item(true);
        }
        return count("from Ticket t where t.id = :id and " + VISIBLE_TO_MANAGER,
                        ManagerScope.bind(Parameters.with("id", ticketId), user))
                .map(n -> n > 0);
    }

    private static final String VISIBLE_TO_MANAGER = """
            exists (from DispatchNotice n where n.ticketId = t.id and (n.stationId = :station or n.staffId = :staff
                or n.stationId in (select s.id from Station s where s.region = :region or s.managerStaffId = :staff)))""";
}

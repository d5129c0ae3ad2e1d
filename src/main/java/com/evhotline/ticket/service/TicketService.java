package com.evhotline.ticket.service;

import static com.evhotline.common.Text.blankToNull;

import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.customer.Vins;
import com.evhotline.security.CurrentUser;
import com.evhotline.security.Roles;
import com.evhotline.ticket.Category;
import com.evhotline.ticket.FaultRecorded;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketEvent;
import com.evhotline.deadline.Exemption;
import com.evhotline.deadline.repository.ExemptionRepository;
import com.evhotline.ticket.TicketReply;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketReplyRepository;
import com.evhotline.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Opens tickets with their deadlines, and finds the ones a user may see. */
@ApplicationScoped
public class TicketService {

    /** A ticket to open; {@code receivedAt} null means now; {@code fault} as a change records it ({@link Faults}). */
    public record NewTicket(String callerNumber, Category category, String description, String customerName, String vin,
            String fault, Instant receivedAt) {
    }

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration BACKDATE_FREELY = Duration.ofMinutes(15);

    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final com.evhotline.dispatch.repository.DispatchNoticeRepository notices;
    private final TicketReplyRepository replies;
    private final ExemptionRepository exemptions;
    private final TicketOpening opening;
    private final PhoneNumbers phones;
    private final Clock clock;
    private final Event<FaultRecorded> faultRecorded;

    public TicketService(TicketRepository tickets, TicketEventRepository events, TicketReplyRepository replies,
            ExemptionRepository exemptions, TicketOpening opening, PhoneNumbers phones, Clock clock,
            com.evhotline.dispatch.repository.DispatchNoticeRepository notices, Event<FaultRecorded> faultRecorded) {
        this.faultRecorded = faultRecorded;
        this.notices = notices;
        this.replies = replies;
        this.exemptions = exemptions;
        this.tickets = tickets;
        this.events = events;
        this.opening = opening;
        this.phones = phones;
        this.clock = clock;
    }

    /**
     * Opens a ticket with its deadlines, in one transaction (see {@link TicketOpening}); answers it as stored. Once
     * committed, a fault given is announced as a change's is, so batch quality problems are looked for at once.
     */
    public Uni<Ticket> open(NewTicket cmd, CurrentUser actor) {
        Instant now = clock.instant();
        Instant received = cmd.receivedAt() == null ? now : cmd.receivedAt();
        if (received.isAfter(now.plus(CLOCK_SKEW))) {
            throw Problem.invalid("receivedAt: lies in the future (" + received + "); give the time the customer called");
        }
        if (received.isAfter(now)) {
            received = now; // a client's clock a little ahead: the ticket is never received in the future
        }
        if (received.isBefore(now.minus(BACKDATE_FREELY)) && !actor.has(Roles.SUPERVISOR) && !actor.has(Roles.ADMIN)) {
            // deadlines run from receipt: a ticket entered long after the call starts already late, which a supervisor answers for
            throw Problem.forbidden("receivedAt: more than " + BACKDATE_FREELY.toMinutes()
                    + " minutes before now takes a supervisor (deadlines run from the time the customer called)");
        }
        Long assignee = actor.staffId(); // a ticket opened by hand belongs to the one who opened it
        TicketOpening.NewTicket ticket = new TicketOpening.NewTicket(null,
                phones.normalise("callerNumber", cmd.callerNumber()),
                cmd.category() == null ? Category.GENERAL_QUALITY : cmd.category(), blankToNull(cmd.customerName()),
                Vins.normalise(cmd.vin()), blankToNull(cmd.description()), received, assignee, null,
                Faults.normalise(cmd.fault()));
        return opening.open(List.of(ticket), actor.username(), now)
                .invoke(opened -> {
                    if (ticket.fault() != null) {
                        faultRecorded.fire(new FaultRecorded(opened.get(0).id()));
                    }
                })
                .chain(opened -> Panache.withSession(() -> tickets.findById(opened.get(0).id())));
    }

    /** The ticket, if the user may see it: 404 when there is none, 403 when it is another station's. */
    @WithSession
    public Uni<Ticket> visible(Long id, CurrentUser user) {
        return tickets.findById(id)
                .onItem().ifNull().failWith(() -> Problem.notFound("ticket", id))
                .call(t -> tickets.visibleTo(id, user).invoke(ok -> {
                    if (!ok) {
                        throw Problem.forbidden("ticket " + id + " was not sent to your station or region");
                    }
                }));
    }

    /**
     * The ticket's history, oldest first, if the user may see the ticket; a station or regional manager sees only
     * its own part of it ({@link TicketEventScope}).
     */
    @WithSession
    public Uni<List<TicketEvent>> history(Long id, CurrentUser user) {
        Uni<List<TicketEvent>> all = visible(id, user).chain(t -> events.ofTicket(t.id));
        if (user.seesEverything()) {
            return all;
        }
        return all.chain(list -> notices.visibleTo(user, id).map(theirs -> TicketEventScope.seenBy(list,
                theirs.stream().map(n -> n.id).collect(java.util.stream.Collectors.toSet()), user.stationId())));
    }

    /** A reply recorded on a ticket the user may see; 404 when the ticket has no such reply. */
    @WithSession
    public Uni<TicketReply> reply(Long id, Long replyId, CurrentUser user) {
        return visible(id, user).chain(t -> replies.find("id = ?1 and ticketId = ?2", replyId, t.id).<TicketReply>firstResult())
                .onItem().ifNull().failWith(() -> Problem.notFound("reply of ticket " + id, replyId));
    }

    /** An exemption of a deadline of a ticket the user may see; 404 when the ticket has no such exemption. */
    @WithSession
    public Uni<Exemption> exemption(Long id, Long exemptionId, CurrentUser user) {
        return visible(id, user).chain(t -> exemptions.find("id = ?1 and ticketId = ?2", exemptionId, t.id)
                        .<Exemption>firstResult())
                .onItem().ifNull().failWith(() -> Problem.notFound("exemption of ticket " + id, exemptionId));
    }

    @WithSession
    public Uni<TicketRepository.Found> search(TicketRepository.Filter filter, CurrentUser user, int page, int size) {
        return tickets.search(filter, user, page, size);
    }


}

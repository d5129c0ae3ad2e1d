package com.evhotline.call.service;

import com.evhotline.call.CallOutcome;
import com.evhotline.call.CallRecord;
import com.evhotline.call.CallRecordRepository;
import com.evhotline.common.PhoneNumbers;
import com.evhotline.common.Problem;
import com.evhotline.deadline.DeadlineKind;
import com.evhotline.deadline.TicketDeadlines;
import com.evhotline.security.CurrentUser;
import com.evhotline.ticket.Ticket;
import com.evhotline.ticket.TicketStatus;
import com.evhotline.ticket.repository.TicketEventRepository;
import com.evhotline.ticket.repository.TicketRepository;
import com.evhotline.ticket.service.TicketService;
import com.evhotline.ticket.service.TicketService.CallTicket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts every call on a ticket, exactly once, whichever side tells of it first (the routing script or
 * the AMI link): a call joins the open ticket of the same number within the merge window (withheld
 * numbers never merge), and an unanswered call puts its ticket into CALLBACK once it has ended.
 */
@ApplicationScoped
public class CallTicketService {

    /** The actor recorded for what the PBX side writes. */
    public static final CurrentUser PBX = CurrentUser.system("pbx");
    static final int CALL_LOCK = 1;
    static final int CALLER_LOCK = 2;
    static final String WITHHELD_REASON = "the caller withheld the number: a missed call cannot be called back";

    /** A call to place on a ticket; {@code promisedNumber} is the number the PBX was already given, if any. */
    public record Intake(String linkedId, String callerRaw, Instant at, String route, String queue,
            String promisedNumber, String source) {
    }

    /** The ticket a call is on. */
    public record Placed(Long callId, Long ticketId, String number, boolean joined) {
    }

    private final CallRecordRepository calls;
    private final TicketRepository tickets;
    private final TicketService ticketService;
    private final TicketEventRepository events;
    private final TicketDeadlines deadlines;
    private final PhoneNumbers phones;
    private final Clock clock;
    private final Duration mergeWindow;
    private final com.evhotline.calendar.CalendarService calendar;

    public CallTicketService(CallRecordRepository calls, TicketRepository tickets, TicketService ticketService,
            TicketEventRepository events, TicketDeadlines deadlines, PhoneNumbers phones, Clock clock,
            com.evhotline.calendar.CalendarService calendar,
            @ConfigProperty(name = "hotline.calls.merge-window", defaultValue = "PT24H") Duration mergeWindow) {
        this.calls = calls;
        this.tickets = tickets;
        this.ticketService = ticketService;
        this.events = events;
        this.deadlines = deadlines;
        this.phones = phones;
        this.clock = clock;
        this.mergeWindow = mergeWindow;
        this.calendar = calendar;
    }

    /** The caller number to store: E.164, or null when withheld or not a number at all. */
    public String callerNumber(String raw) {
        return PhoneNumbers.isWithheld(raw) ? null : phones.tryNormalise(raw).orElse(null);
    }

    /** Places the call on its ticket (opening one or joining the caller's open one); idempotent per linked id. */
    @WithTransaction
    public Uni<Placed> place(Intake in) {
        Instant now = clock.instant();
        return lock(CALL_LOCK, in.linkedId())
                .chain(() -> calls.byLinkedId(in.linkedId()))
                .chain(rec -> rec != null && rec.ticketId != null ? already(rec, in, now) : attach(rec, in, now));
    }

    /** After the AMI link said how the call ended: its ticket takes the outcome, once. */
    @WithTransaction
    public Uni<Void> settle(String linkedId) {
        Instant now = clock.instant();
        return lock(CALL_LOCK, linkedId)
                .chain(() -> calls.byLinkedId(linkedId))
                .chain(rec -> rec == null || rec.ticketId == null || rec.outcomeApplied
                        ? Uni.createFrom().voidItem()
                        : tickets.findById(rec.ticketId).chain(t -> applyOutcome(t, rec, now)));
    }

    private Uni<Placed> already(CallRecord rec, Intake in, Instant now) {
        if (rec.route == null && in.route() != null) {
            rec.route = in.route();
            rec.queue = in.queue();
            rec.updatedAt = now;
        }
        return tickets.findById(rec.ticketId)
                .call(t -> applyOutcome(t, rec, now)) // the AMI side may have ended it meanwhile
                .map(t -> new Placed(rec.id, t.id, t.number, true));
    }

    private Uni<Placed> attach(CallRecord existing, Intake in, Instant now) {
        String caller = callerNumber(in.callerRaw());
        boolean withheld = PhoneNumbers.isWithheld(in.callerRaw());
        Instant received = existing != null && existing.startedAt.isBefore(in.at()) ? existing.startedAt : in.at();
        Uni<Ticket> open = caller == null ? Uni.createFrom().nullItem()
                : lock(CALLER_LOCK, caller).chain(() -> openTicketOf(caller, received));
        return open.chain(found -> found != null ? Uni.createFrom().item(new Pick(found, true))
                        : ticketService.openForCall(new CallTicket(caller, received, in.promisedNumber()), PBX, now)
                                .map(t -> new Pick(t, false)))
                .chain(pick -> {
                    Ticket t = pick.ticket();
                    boolean joined = pick.joined();
                    CallRecord rec = existing != null ? existing : newRecord(in, caller, withheld, t, now);
                    rec.ticketId = t.id;
                    rec.route = rec.route == null ? in.route() : rec.route;
                    rec.queue = rec.queue == null ? in.queue() : rec.queue;
                    rec.updatedAt = now;
                    Uni<CallRecord> saved = existing != null ? Uni.createFrom().item(rec) : calls.persist(rec);
                    return saved
                            .call(r -> events.append(t.id, now, PBX.username(), "CALL",
                                    withPromise(callDetail(r, joined), in.promisedNumber(), t.number)))
                            .call(r -> applyOutcome(t, r, now))
                            .map(r -> new Placed(r.id, t.id, t.number, joined));
                });
    }

    private record Pick(Ticket ticket, boolean joined) {
    }

    private Uni<Ticket> openTicketOf(String caller, Instant at) {
        return tickets.openOfCaller(caller, at.minus(mergeWindow));
    }

    private CallRecord newRecord(Intake in, String caller, boolean withheld, Ticket t, Instant now) {
        CallRecord rec = new CallRecord();
        rec.linkedId = in.linkedId();
        rec.callerNumber = caller;
        rec.withheld = withheld;
        rec.startedAt = in.at();
        rec.outcome = CallOutcome.IN_PROGRESS.name();
        rec.officeHours = calendar.current().isOfficeHours(in.at()); // this call's, not the joined ticket's
        rec.source = in.source();
        rec.updatedAt = now;
        return rec;
    }

    /** An unanswered call puts an open ticket into CALLBACK; a withheld one also exempts REPLY (no call-back possible). */
    private Uni<Void> applyOutcome(Ticket t, CallRecord rec, Instant now) {
        CallOutcome outcome = CallOutcome.valueOf(rec.outcome);
        if (rec.outcomeApplied || outcome == CallOutcome.IN_PROGRESS) {
            return Uni.createFrom().voidItem();
        }
        rec.outcomeApplied = true;
        Map<String, Object> detail = callDetail(rec, false);
        Uni<?> done = events.append(t.id, now, PBX.username(), "CALL_" + outcome.name(), detail);
        if (!outcome.unanswered()) {
            return done.replaceWithVoid();
        }
        if (t.status == TicketStatus.OPEN) {
            t.status = TicketStatus.CALLBACK;
            t.updatedAt = now;
        }
        if (rec.withheld) {
            done = done.chain(() -> deadlines.exempt(t, DeadlineKind.REPLY, WITHHELD_REASON, PBX, now)
                    .onFailure(Problem.class).recoverWithNull());
        }
        return done.replaceWithVoid();
    }

    /** A number the PBX was given that the call did not end up under (it joined an open ticket): kept on record. */
    private static Map<String, Object> withPromise(Map<String, Object> d, String promised, String actual) {
        if (promised != null && !promised.equals(actual)) {
            d.put("numberGivenToPbx", promised);
        }
        return d;
    }

    private static Map<String, Object> callDetail(CallRecord r, boolean joined) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callId", r.id);
        d.put("linkedId", r.linkedId);
        d.put("outcome", r.outcome);
        if (r.route != null) {
            d.put("route", r.route);
        }
        if (r.answeredByName != null) {
            d.put("answeredBy", r.answeredByName);
        }
        if (joined) {
            d.put("joined", true);
        }
        return d;
    }

    /** Transaction locks per call (the AMI upsert takes the same one) and per caller number, in two key spaces. */
    private static Uni<Long> lock(int space, String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(?1, hashtext(?2))) l", Long.class)
                .setParameter(1, space)
                .setParameter(2, key)
                .getSingleResult());
    }
}

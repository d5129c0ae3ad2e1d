package com.evhotline.telephony.ami;

import com.evhotline.routing.RoutingConfig;
import com.evhotline.telephony.AgentDirectory;
import com.evhotline.telephony.AgentState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The agents' queue as the PBX reports it ({@code hotline.agi.queue}, the queue the routing script sends
 * calls to): fed by the gateway with every queue member event and, after each login to the PBX, with its
 * list of members. Each change is fired as a CDI {@link AgentState} event, in the order the PBX reported
 * them, on a worker thread (never Asterisk-Java's reader, which an observer must not hold up).
 */
@ApplicationScoped
public class AgentStates {

    private static final Logger LOG = Logger.getLogger(AgentStates.class);

    /** Someone waiting for a phone's state to become what they asked the PBX for. */
    private record Waiter(String device, Predicate<AgentState> wanted, CompletableFuture<AgentState> done) {
    }

    private final QueueBoard board;
    private final Clock clock;
    private final AgentDirectory directory;
    private final Event<AgentState> changed;
    private final UnicastProcessor<AgentState> outbox = UnicastProcessor.create();
    private final List<Waiter> waiters = new ArrayList<>();

    public AgentStates(RoutingConfig routing, Clock clock, AgentDirectory directory, Event<AgentState> changed) {
        this.board = new QueueBoard(routing.queue());
        this.clock = clock;
        this.directory = directory;
        this.changed = changed;
    }

    @PostConstruct
    void deliverInOrder() {
        outbox.emitOn(Infrastructure.getDefaultWorkerPool()).subscribe().with(this::fire);
    }

    /** The queue whose members these are. */
    public String queue() {
        return board.queue();
    }

    /** The phone's state now; not in the queue when the PBX has not reported it as a member. */
    public synchronized AgentState of(String device) {
        AgentState s = board.of(device);
        return (s == null ? AgentState.notInQueue(null, device) : s).withStaffId(directory.staffOf(device));
    }

    /** Every member of the queue, in the order the PBX first reported them. */
    public synchronized List<AgentState> all() {
        return board.all().stream().map(s -> s.withStaffId(directory.staffOf(s.device()))).toList();
    }

    /**
     * The phone's state once it is {@code wanted}, or as it is after {@code within} (the PBX confirms an
     * action with an event that may come a moment after its answer).
     */
    public Uni<AgentState> until(String device, Predicate<AgentState> wanted, Duration within) {
        Waiter w;
        synchronized (this) {
            AgentState now = of(device);
            if (wanted.test(now)) {
                return Uni.createFrom().item(now);
            }
            w = new Waiter(device, wanted, new CompletableFuture<>());
            waiters.add(w);
        }
        return Uni.createFrom().completionStage(w.done())
                .ifNoItem().after(within).recoverWithItem(() -> of(device))
                .onTermination().invoke(() -> forget(w));
    }

    /** A member event as it arrives (on Asterisk-Java's reader thread: this never blocks). */
    synchronized void heard(MemberReport r) {
        publish(board.apply(r, clock.instant()));
    }

    /** The PBX's list of the queue's members, or of one phone's membership when {@code onlyDevice} is given. */
    synchronized void listed(List<MemberReport> members, String onlyDevice) {
        board.replace(members, onlyDevice, clock.instant()).forEach(this::publish);
    }

    private void publish(AgentState s) {
        if (s == null) {
            return;
        }
        AgentState named = s.withStaffId(directory.staffOf(s.device()));
        outbox.onNext(named);
        for (Waiter w : List.copyOf(waiters)) {
            if (w.device().equals(named.device()) && w.wanted().test(named)) {
                waiters.remove(w);
                // completed off the caller's thread: what follows the wait must not run on the reader thread
                Infrastructure.getDefaultWorkerPool().execute(() -> w.done().complete(named));
            }
        }
    }

    private synchronized void forget(Waiter w) {
        waiters.remove(w);
    }

    private void fire(AgentState s) {
        try {
            changed.fire(s);
        } catch (RuntimeException e) {
            LOG.errorf(e, "An observer of agent states failed on %s; the next changes are delivered all the same",
                    s.device());
        }
    }
}

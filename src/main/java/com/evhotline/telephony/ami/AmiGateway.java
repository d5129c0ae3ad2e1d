package com.evhotline.telephony.ami;

import com.evhotline.call.CallSnapshot;
import com.evhotline.call.CallTracker;
import com.evhotline.call.LinkedIds;
import com.evhotline.call.PbxEvent;
import com.evhotline.call.service.CallWriter;
import com.evhotline.call.service.CdrReconciler;
import com.evhotline.common.StartupLoads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import com.evhotline.delivery.Acknowledgements;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.jboss.logging.Logger;

/**
 * The AMI link: logs in (again, with a doubling wait, whenever it is lost), turns the PBX's events
 * into call records and tickets, and after every login asks which channels are up and has calls that
 * passed while the link was down recovered from the CDR table. Asterisk-Java's reader thread only
 * translates and queues; one consumer thread follows the calls in order and writes their changes in
 * batches, one batch in flight at a time, so the reader never waits for the database. Queue member
 * events go to {@link AgentStates} instead, and after every login {@link QueueAgents} reads the agents'
 * queue again.
 *
 * <p>Over 400 lines because the consumer's state (the tracker, the changes waiting, in flight and
 * parked, the calls lost awaiting their CDR) is touched only by its one thread, which is what makes
 * it safe without locks: the link's resync hands it messages through the same queue ({@link AmiLogin}
 * logs in apart).
 */
@ApplicationScoped
public class AmiGateway {

    private static final Logger LOG = Logger.getLogger(AmiGateway.class);
    private static final long RESYNC_TIMEOUT_MS = 10_000;
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(60);

    /** The link as health reports it. */
    public enum Link { OFF, CONNECTING, UP, DOWN }

    private record ResyncBegins() {
    }

    /** The PBX's list of channels (null when it could not be had), asked for at {@code askedAt}. */
    private record Resync(List<PbxEvent> channels, Instant askedAt) {
    }

    /** Call records in progress that nothing followed when the PBX's list was asked for. */
    private record LeftInProgress(List<CallTracker.Lost> calls) {
    }

    /**
     * The look for call records left in progress after a login: those last written before the PBX's list was
     * asked for ({@code askedAt}), of no call in that list ({@code listed}, whatever the channel's context: a
     * caller transferred out of the hotline context is still on the phone).
     */
    private record Sweep(Instant askedAt, Set<String> listed) {
    }

    /**
     * The service stops: calls waiting for the grace after their caller's hangup are decided now, and
     * {@code written} completes once nothing heard is left unwritten.
     */
    private record DecideEnding(CompletableFuture<Void> written) {
    }

    private record Reconcile(List<String> lost) {
    }

    /** Lost calls whose CDR had its time to come: {@code withoutCdr} are still to be written from what was seen. */
    private record SettleLost(List<CallTracker.Lost> due, Set<String> withoutCdr) {
    }

    private final AmiConfig config;
    private final CallWriter writer;
    private final CdrReconciler reconciler;
    private final Clock clock;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CallTracker tracker;
    private static final long PARKED_RETRY_MS = 60_000;

    private final Map<String, CallSnapshot> dirty = new LinkedHashMap<>();
    private final Map<String, CallSnapshot> parked = new LinkedHashMap<>();
    /** Calls that ended while the link was down, until their CDR settles them (or, when none comes, we do). */
    private final Map<String, CallTracker.Lost> lostCalls = new java.util.concurrent.ConcurrentHashMap<>();
    /** The batch last sent to the database (consumer thread only). */
    private List<CallSnapshot> flying = List.of();
    private volatile Sweep sweep;
    private final Duration settleAfter;
    private long parkedAt;
    private int singles;
    private volatile int unwritten;
    /** Set by the stop's DecideEnding; the consumer's own, like the rest of its state. */
    private CompletableFuture<Void> ending;
    private final Counter eventsRead;
    private final Counter callsWritten;
    private final AtomicLong logins = new AtomicLong();
    private volatile Link link = Link.OFF;
    private volatile String lastError;
    private volatile Instant lastWriteAt;
    private volatile boolean running;
    private ManagerConnection connection;
    private final Acknowledgements acknowledgements;
    /** Looked up when a call's outcome comes: the worker places the calls through this gateway. */
    private final jakarta.inject.Provider<com.evhotline.delivery.DeliveryWorker> voiceOutcomes;
    private AmiLogin login;
    private Thread consumer;
    /** The agents' queue: its members' events, and their list read again after each login. */
    private final AgentStates agents;
    private final jakarta.inject.Provider<QueueAgents> queueAgents;

    public AmiGateway(AmiConfig config, CallWriter writer, CdrReconciler reconciler, Clock clock,
            MeterRegistry meters, com.evhotline.call.CdrConfig cdr, Acknowledgements acknowledgements,
            jakarta.inject.Provider<com.evhotline.delivery.DeliveryWorker> voiceOutcomes, AgentStates agents,
            jakarta.inject.Provider<QueueAgents> queueAgents) {
        this.config = config;
        this.agents = agents;
        this.queueAgents = queueAgents;
        this.voiceOutcomes = voiceOutcomes;
        this.acknowledgements = acknowledgements;
        this.settleAfter = cdr.settleAfter();
        this.writer = writer;
        this.reconciler = reconciler;
        this.clock = clock;
        this.tracker = new CallTracker(config.keepEnded(), config.giveUpSilent(), config.endGrace());
        this.eventsRead = meters.counter("hotline_ami_events_total");
        this.callsWritten = meters.counter("hotline_ami_call_changes_written_total");
        meters.gaugeCollectionSize("hotline_ami_queue_depth", List.of(), queue);
    }

    void start(@Observes @Priority(StartupLoads.AFTER_LOADS) StartupEvent start) {
        if (config.host().isEmpty()) {
            LOG.warn("no PBX link: HOTLINE_AMI_HOST is not set (calls are tracked only through FastAGI)");
            return;
        }
        running = true;
        connection = new ManagerConnectionFactory(config.host().get(), config.port(), config.username(),
                config.password().orElse("")).createManagerConnection();
        connection.registerUserEventClass(HotlineNoticeAckEvent.class);
        connection.registerUserEventClass(HotlineNoticeNoAckEvent.class);
        connection.addEventListener(this::onEvent);
        consumer = new Thread(this::consume, "ami-calls");
        consumer.setDaemon(true);
        consumer.start();
        login = new AmiLogin(connection, config, why -> {
            link = Link.DOWN;
            lastError = why;
        });
        link = Link.CONNECTING;
        login.loginUntilIn();
    }

    /** After the application's own stop observers: the delivery worker waits there for the calls it is placing. */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent stop) {
        if (login != null) {
            login.stop();
        }
        if (connection != null && connection.getState() == ManagerConnectionState.CONNECTED) {
            try {
                connection.logoff();
            } catch (RuntimeException e) {
                LOG.debugf("AMI logoff: %s", e.getMessage());
            }
        }
        // what was heard is written before the service stops, if the database lets it within a few seconds
        if (running) {
            CompletableFuture<Void> written = new CompletableFuture<>();
            queue.add(new DecideEnding(written));
            try {
                written.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debugf("AMI: the last changes were not all written within 5 s: %s", e.getMessage());
            }
        }
        if (unwritten() > 0) {
            LOG.warnf("AMI: %d call change(s) not written at shutdown; the CDR reconciliation recovers them", unwritten());
        }
        running = false;
        if (consumer != null) {
            consumer.interrupt();
        }
    }

    /** Every minute: the CDR reconciliation, and the look for call records left in progress if one is pending. */
    @Scheduled(every = "60s", delayed = "60s")
    void reconcileEveryMinute() {
        if (running) {
            queue.add(new Reconcile(List.of())); // handled by the consumer, in order with the events
        }
    }

    /** Sends one action and waits for its answer (blocking: not on the event loop). */
    ManagerResponse send(ManagerAction action, long timeoutMillis) {
        if (connection == null || connection.getState() != ManagerConnectionState.CONNECTED) {
            throw new IllegalStateException("no link to the PBX (" + link + ")");
        }
        try {
            return connection.sendAction(action, timeoutMillis);
        } catch (java.io.IOException | org.asteriskjava.manager.TimeoutException e) {
            throw new IllegalStateException("the PBX did not answer " + action.getAction() + ": " + e.getMessage(), e);
        }
    }

    /** Sends an action the PBX answers with a list of events, and waits for the whole list (blocking, as {@link #send}). */
    ResponseEvents sendForEvents(org.asteriskjava.manager.action.EventGeneratingAction action, long timeoutMillis) {
        if (connection == null) {
            throw new IllegalStateException("no link to the PBX (" + link + ")");
        }
        try {
            return connection.sendEventGeneratingAction(action, timeoutMillis);
        } catch (java.io.IOException | org.asteriskjava.manager.EventTimeoutException e) {
            throw new IllegalStateException("the PBX did not answer " + action.getAction() + ": " + e.getMessage(), e);
        }
    }

    public Link link() {
        return link;
    }

    public String lastError() {
        return lastError;
    }

    /** Calls that ended while the link was down and wait for their CDR (health shows it). */
    public int lostAwaitingCdr() {
        return lostCalls.size();
    }

    /** Events read and not yet taken by the consumer (the benchmark watches it). */
    public int queued() {
        return queue.size();
    }

    public long logins() {
        return logins.get();
    }

    public Instant lastWriteAt() {
        return lastWriteAt;
    }

    /** Asterisk-Java reconnects by itself after a drop; when it gives up (or never got in) we log in again. */
    @Scheduled(every = "1s", delayed = "1s")
    void watchLink() {
        if (!running) {
            return;
        }
        ManagerConnectionState s = connection.getState();
        if (s == ManagerConnectionState.CONNECTED) {
            link = Link.UP;
        } else if (s == ManagerConnectionState.DISCONNECTED) {
            login.loginUntilIn(); // Asterisk-Java gave up reconnecting by itself (e.g. the secret changed)
        }
    }

    /** On Asterisk-Java's reader thread: translate, drop what is not needed, queue; never block. */
    private void onEvent(ManagerEvent e) {
        if (e instanceof ConnectEvent) {
            link = Link.UP;
            lastError = null;
            logins.incrementAndGet();
            LOG.infof("AMI logged in to %s:%d", config.host().get(), config.port());
            Infrastructure.getDefaultWorkerPool().execute(this::resync); // it waits for the PBX's answer
            Infrastructure.getDefaultWorkerPool().execute(() -> queueAgents.get().refreshAll());
            return;
        }
        if (e instanceof DisconnectEvent) {
            link = Link.DOWN;
            lastError = "link to the PBX lost";
            LOG.warn("AMI link to the PBX lost; reconnecting");
            return;
        }
        eventsRead.increment();
        if (e instanceof HotlineNoticeAckEvent ack) {
            acknowledgements.byKeyPress(ack.getNotice());
            return;
        }
        if (e instanceof HotlineNoticeNoAckEvent noAck) {
            String id = noAck.getNotice() == null ? "" : noAck.getNotice().trim();
            if (id.matches("[1-9][0-9]{0,17}")) {
                voiceOutcomes.get().voiceUnanswered(Long.parseLong(id), null, "answered, but 1 was not pressed"
                        + " (a voicemail, or nobody listening)");
            }
            return;
        }
        if (e instanceof OriginateResponseEvent o) {
            voiceOutcome(o);
            return;
        }
        MemberReport member = QueueMemberEvents.translate(e);
        if (member != null) {
            agents.heard(member);
            return;
        }
        PbxEvent p = AmiEvents.translate(e);
        if (p != null && !LinkedIds.valid(p.linkedId())) {
            // as the FastAGI path refuses it: no call is made of an id that cannot be Asterisk's
            LOG.warnf("AMI %s event with linked id '%.80s' ignored: not a linked id", p.kind(), p.linkedId());
            return;
        }
        if (p != null) {
            queue.add(p);
        }
    }

    /**
     * The outcome of a voice notice's call, its ActionID naming the message and the attempt (reason 4: answered;
     * 0, 1, 3, 5, 8: failed, hung up, no answer, busy, congested).
     */
    private void voiceOutcome(OriginateResponseEvent o) {
        java.util.regex.Matcher ours = AmiVoiceCalls.ACTION_ID.matcher(o.getActionId() == null ? "" : o.getActionId());
        if (!ours.matches()) {
            return; // not one of ours (another AMI client's Originate)
        }
        long message = Long.parseLong(ours.group(1));
        int attempt = Integer.parseInt(ours.group(2));
        if ("Success".equalsIgnoreCase(o.getResponse())) {
            voiceOutcomes.get().voiceAnswered(message, attempt);
        } else {
            voiceOutcomes.get().voiceUnanswered(message, attempt, "the call was not answered ("
                    + switch (o.getReason() == null ? -1 : o.getReason()) {
                        case 3 -> "no answer";
                        case 5 -> "busy";
                        case 8 -> "congestion";
                        case 1 -> "hung up";
                        default -> "failed, reason " + o.getReason();
                    } + ")");
        }
    }

    /** After a login: which channels are up now; calls we followed that are gone ended during the drop. */
    private void resync() {
        queue.add(new ResyncBegins()); // events queued after this confirm their calls, whatever the list says
        Instant askedAt = clock.instant();
        try {
            ResponseEvents answer = connection.sendEventGeneratingAction(new CoreShowChannelsAction(), RESYNC_TIMEOUT_MS);
            Instant now = clock.instant();
            List<PbxEvent> channels = new ArrayList<>();
            for (ResponseEvent r : answer.getEvents()) {
                if (r instanceof CoreShowChannelEvent c) {
                    channels.add(AmiEvents.snapshot(c, now));
                }
            }
            queue.add(new Resync(channels, askedAt));
        } catch (Exception e) {
            lastError = "CoreShowChannels after login failed: " + e.getMessage();
            LOG.warnf("AMI %s; calls are recovered from the CDR table instead", lastError);
            queue.add(new Resync(null, askedAt)); // no list: every call is kept; the CDRs settle any that ended meanwhile

        }
    }

    private void consume() {
        CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
        long retryAt = 0;
        List<Object> drained = new ArrayList<>();
        Instant lastEvict = Instant.EPOCH;
        while (running) {
            try {
                Object first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    handle(first);
                    drained.clear();
                    queue.drainTo(drained, 10_000);
                    drained.forEach(this::handle);
                }
                if (inFlight.isDone()) {
                    if (inFlight.isCompletedExceptionally() && !flying.isEmpty()) {
                        failed(flying);
                        retryAt = System.currentTimeMillis() + 1000;
                        flying = List.of();
                    }
                    if (!dirty.isEmpty() && System.currentTimeMillis() >= retryAt) {
                        flying = takeBatch();
                        List<CallSnapshot> batch = flying;
                        inFlight = writer.write(batch, "AMI").subscribeAsCompletionStage().whenComplete((w, f) -> {
                            if (f == null) {
                                callsWritten.increment(batch.size());
                                lastWriteAt = clock.instant();
                            } else {
                                lastError = "writing calls failed: " + f.getMessage();
                                LOG.warnf("AMI: %s; %d call change(s) kept and written again", lastError, batch.size());
                            }
                        });
                    } else if (dirty.isEmpty() && !parked.isEmpty()
                            && System.currentTimeMillis() - parkedAt > PARKED_RETRY_MS) {
                        parked.values().forEach(p -> dirty.putIfAbsent(p.linkedId(), p));
                        parked.clear();
                        singles = dirty.size();
                    }
                }
                Instant now = clock.instant();
                tracker.decideDue(now).forEach(s -> dirty.put(s.linkedId(), s));
                unwritten = dirty.size() + parked.size() + (inFlight.isDone() ? 0 : flying.size());
                if (ending != null && unwritten == 0 && queue.isEmpty()) {
                    ending.complete(null);
                }
                if (Duration.between(lastEvict, now).toSeconds() >= 60) {
                    lastEvict = now;
                    List<CallTracker.Lost> silent = tracker.evict(now);
                    if (!silent.isEmpty()) {
                        LOG.warnf("AMI: %d call(s) not heard of for %s and never seen to end; settled from their CDR,"
                                + " or from what was seen: %s", silent.size(), config.giveUpSilent(),
                                silent.stream().map(CallTracker.Lost::linkedId).toList());
                        lost(silent);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "AMI call tracking failed on one event; going on");
            }
        }
    }

    private void handle(Object o) {
        if (o instanceof PbxEvent e) {
            CallSnapshot s = tracker.apply(e, clock.instant());
            if (s != null) {
                dirty.put(s.linkedId(), s);
            }
        } else if (o instanceof ResyncBegins) {
            tracker.beginResync();
        } else if (o instanceof Resync r && r.channels() == null) {
            tracker.keepAll();
            reconcile(List.of());
        } else if (o instanceof Resync r) {
            // the channels listed after a login pass the same check as live events
            CallTracker.startersFirst(r.channels()).stream().filter(p -> LinkedIds.valid(p.linkedId()))
                    .forEach(this::handle);
            List<CallTracker.Lost> lost = tracker.endResync(clock.instant());
            if (!lost.isEmpty()) {
                LOG.infof("AMI: %d call(s) ended while the link was down; recovering them from the CDR table",
                        lost.size());
            }
            lost(lost);
            Set<String> listed = new HashSet<>();
            r.channels().forEach(c -> listed.add(c.linkedId()));
            sweep = new Sweep(r.askedAt(), listed); // looked for now, and again each minute until all are taken in
            askForCallsLeftInProgress();
        } else if (o instanceof LeftInProgress l) {
            takeInLeftInProgress(l.calls());
        } else if (o instanceof Reconcile r) {
            askForCallsLeftInProgress();
            reconcile(r.lost());
        } else if (o instanceof DecideEnding d) {
            tracker.decideDue(Instant.MAX).forEach(c -> dirty.put(c.linkedId(), c));
            ending = d.written();
        } else if (o instanceof SettleLost s) {
            settle(s);
        }
    }

    /**
     * Lost calls without a CDR are written as far as the link saw them, ended when last heard of: a call
     * nobody was seen taking counts as MISSED and its ticket goes to CALLBACK, so the customer is called back
     * rather than forgotten. They go through the same batches as every call change (a failing one is
     * written alone, then parked), so one that cannot be written holds back no other.
     */
    private void settle(SettleLost s) {
        List<CallSnapshot> settled = new ArrayList<>();
        for (CallTracker.Lost l : s.due()) {
            lostCalls.remove(l.linkedId());
            if (s.withoutCdr().contains(l.linkedId()) && !tracker.knows(l.linkedId())) {
                dirty.put(l.linkedId(), l.endedByThen());
                settled.add(l.endedByThen());
            }
        }
        if (!settled.isEmpty()) {
            LOG.warnf("%d call(s) ended unheard (an AMI drop, or silence) and no CDR came for them (is cdr_pgsql"
                    + " writing into this database?): settled from what the link saw, %s", settled.size(),
                    settled.stream().map(c -> c.linkedId() + " " + c.outcome()).toList());
        }
    }

    /** Calls whose end was not heard: kept until their CDR, or the wait for it, settles them. */
    private void lost(List<CallTracker.Lost> lost) {
        lost.forEach(l -> lostCalls.put(l.linkedId(), l));
        reconcile(lost.stream().map(CallTracker.Lost::linkedId).toList());
        reconcileWhenDue();
    }

    /**
     * Once the PBX has said which channels are up, every call record still in progress that nothing here
     * follows ended unheard: left so by an earlier process of the service (killed, or stopped mid-call), or
     * written by the routing script while the link was down. They are taken in as lost calls.
     */
    private void askForCallsLeftInProgress() {
        Sweep pending = sweep;
        if (pending == null) {
            return;
        }
        List<String> excluded = new ArrayList<>(pending.listed());
        excluded.addAll(lostCalls.keySet());
        reconciler.leftInProgress(pending.askedAt(), excluded).subscribe().with(calls -> {
            if (calls.size() < com.evhotline.call.service.CdrReconciler.LEFT_IN_PROGRESS_LIMIT && sweep == pending) {
                sweep = null; // all found; the next login looks again
            }
            if (!calls.isEmpty()) {
                queue.add(new LeftInProgress(calls)); // judged by the consumer, in order with the events
            }
        }, f -> LOG.warnf("Looking for call records left in progress failed (%s); looked for again within a minute",
                f.getMessage()));
    }

    private void takeInLeftInProgress(List<CallTracker.Lost> calls) {
        List<CallTracker.Lost> unfollowed = calls.stream().filter(l -> !tracker.knows(l.linkedId())
                && !dirty.containsKey(l.linkedId()) && !parked.containsKey(l.linkedId())
                && flying.stream().noneMatch(c -> c.linkedId().equals(l.linkedId()))
                && !lostCalls.containsKey(l.linkedId())).toList();
        if (!unfollowed.isEmpty()) {
            LOG.infof("AMI: %d call record(s) in progress that no channel of the PBX carries any more (left by an earlier"
                    + " run, or ended while the link was down); settled from their CDR, or after %s from what was seen: %s",
                    unfollowed.size(), settleAfter, unfollowed.stream().map(CallTracker.Lost::linkedId).toList());
            lost(unfollowed);
        }
    }

    /** The reconciliation runs again when the first lost call's CDR has had its time, if that is before the next minute's. */
    private void reconcileWhenDue() {
        Instant now = clock.instant();
        lostCalls.values().stream().map(l -> l.dueAfter(settleAfter)).min(Instant::compareTo).ifPresent(due -> {
            long ms = Math.max(0, Duration.between(now, due).toMillis()) + 100;
            if (ms < RECONCILE_EVERY.toMillis()) {
                Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(ms))
                        .subscribe().with(timeUp -> queue.add(new Reconcile(List.of())));
            }
        });
    }

    /**
     * The CDR reconciliation; then the calls lost in a drop whose CDR has had {@code hotline.cdr.settle-after}
     * to come (since the PBX last spoke of them or the drop was found, the later) are settled from what was
     * seen (see #settle), whether or not the reconciliation itself went through.
     */
    private void reconcile(List<String> lost) {
        Set<String> followed = new HashSet<>();
        tracker.forEachKnown(followed::add);
        lostCalls.keySet().removeIf(followed::contains); // heard of again: followed as any call
        Set<String> known = new HashSet<>(followed);
        known.addAll(dirty.keySet());
        Instant now = clock.instant();
        List<CallTracker.Lost> due = lostCalls.values().stream()
                .filter(l -> !l.dueAfter(settleAfter).isAfter(now)).toList();
        reconciler.reconcile(known::contains, lost)
                .invoke(n -> {
                    if (n != null && n > 0) {
                        LOG.infof("CDR reconciliation recovered %d call(s)", n);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("CDR reconciliation failed (%s); it runs again within a minute",
                        f.getMessage()))
                .onFailure().recoverWithNull() // the lost calls are settled all the same
                .chain(() -> reconciler.withoutCdr(due.stream().map(CallTracker.Lost::linkedId).toList()))
                .subscribe().with(open -> {
                    if (!due.isEmpty()) {
                        queue.add(new SettleLost(due, open)); // written by the consumer, in order with the events
                    }
                }, f -> LOG.warnf("Looking for the CDRs of %d call(s) lost in an AMI drop failed (%s); looked for again"
                        + " within a minute", due.size(), f.getMessage()));
    }

    /**
     * A failed batch goes back (newer snapshots win) and is written one call at a time, so one bad call
     * cannot hold up the others; a call that fails on its own is parked, said loudly, and tried again
     * every minute.
     */
    private void failed(List<CallSnapshot> batch) {
        if (batch.size() == 1 && singles == 0) {
            CallSnapshot s = batch.get(0);
            if (!dirty.containsKey(s.linkedId())) {
                parked.put(s.linkedId(), s);
                parkedAt = System.currentTimeMillis();
                LOG.errorf("AMI: call %s cannot be written (%s); parked and tried again every minute: %s", s.linkedId(),
                        lastError, s);
            }
            return;
        }
        batch.forEach(s -> dirty.putIfAbsent(s.linkedId(), s));
        singles = Math.max(singles, batch.size());
    }

    /** Calls seen but not yet written (waiting, in flight, or parked after failing); zero when all is in the database. */
    public int unwritten() {
        return unwritten + queue.size();
    }

    private List<CallSnapshot> takeBatch() {
        int size = singles > 0 ? 1 : config.batchSize();
        if (singles > 0) {
            singles--;
        }
        List<CallSnapshot> batch = new ArrayList<>(Math.min(dirty.size(), size));
        for (Iterator<CallSnapshot> it = dirty.values().iterator(); it.hasNext() && batch.size() < size;) {
            batch.add(it.next());
            it.remove();
        }
        return batch;
    }
}

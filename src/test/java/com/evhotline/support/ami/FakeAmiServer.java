package com.evhotline.support.ami;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A TCP server on 127.0.0.1 that talks to an AMI client as Asterisk 22.10.1 would: logs it in, answers its actions, replays recorded events. */
public final class FakeAmiServer implements AutoCloseable {

    public static final String BANNER = "Asterisk Call Manager/11.0.0";
    public static final String AMI_VERSION = "11.0.0";
    public static final String ASTERISK_VERSION = "22.10.1";

    final String username;
    final String secret;
    final long startedNanos = System.nanoTime();
    private final ServerSocket serverSocket;
    private final Set<AmiSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<AmiFrame> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int logins;
    private AmiSession current;
    private volatile List<AmiFrame> coreShowChannels = List.of();
    private volatile boolean refuseLogins;
    private final java.util.Set<String> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> silent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> stuck = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final FakeQueues queues = new FakeQueues();

    private FakeAmiServer(String username, String secret) throws IOException {
        this.username = username;
        this.secret = secret;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-ami-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1 for a manager user {@code username} with password {@code secret}. */
    public static FakeAmiServer start(String username, String secret) {
        try {
            return new FakeAmiServer(username, secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** How many logins were accepted so far (reconnections count again). */
    public int logins() {
        lock.lock();
        try {
            return logins;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code n} logins in all were accepted; false on timeout. The client may still be probing the version. */
    public boolean awaitLogins(int n, Duration timeout) {
        return await(() -> logins >= n, timeout);
    }

    /** Every action received, in order, as sent (Asterisk-Java writes lower-case keys; {@link AmiFrame#get} ignores case). */
    public List<AmiFrame> actions() {
        return List.copyOf(actions);
    }

    /** Waits until an action of that name (ignoring case) has been received; false on timeout. */
    public boolean awaitAction(String name, Duration timeout) {
        return awaitActions(name, 1, timeout);
    }

    /** Waits until {@code count} actions of that name have been received in all; false on timeout. */
    public boolean awaitActions(String name, int count, Duration timeout) {
        return await(() -> actions.stream().filter(a -> name.equalsIgnoreCase(a.get("Action"))).count() >= count,
                timeout);
    }

    /** The channels CoreShowChannels answers with: CoreShowChannel events (a CoreShowChannelsComplete among them is ignored). */
    public void setCoreShowChannels(List<AmiFrame> channelEvents) {
        coreShowChannels = channelEvents.stream().filter(f -> f.isEvent("CoreShowChannel")).toList();
    }

    List<AmiFrame> coreShowChannels() {
        return coreShowChannels;
    }

    /** While true, every Login fails as with a wrong secret. */
    /** Calls originated to a channel containing {@code number} ring out unanswered (OriginateResponse Failure). */
    public void leaveUnanswered(String number) {
        unanswered.add(number);
    }

    /** Calls originated to a channel containing {@code number} never report their outcome (a PBX restarting). */
    public void staySilent(String number) {
        silent.add(number);
    }

    /**
     * Originates to a channel containing {@code number} get no answer at all, not even "queued" (a PBX stuck),
     * until {@link #answerAll} answers those held.
     */
    public void leaveOriginatesUnanswered(String number) {
        stuck.add(number);
    }

    /** Every call answered from now on; the Originates left unanswered are answered now. */
    public void answerAll() {
        unanswered.clear();
        silent.clear();
        stuck.clear();
        List<Runnable> late = new ArrayList<>(held);
        held.removeAll(late);
        for (Runnable answer : late) {
            try {
                answer.run();
            } catch (UncheckedIOException gone) {
                // the client that asked has disconnected: nobody left to answer
            }
        }
    }

    /** Whether an Originate to this channel is answered; if not, {@code later} answers it once asked to. */
    boolean takes(String channel, Runnable later) {
        if (channel == null || stuck.stream().noneMatch(channel::contains)) {
            return true;
        }
        held.add(later);
        return false;
    }

    boolean answers(String channel) {
        return channel == null || unanswered.stream().noneMatch(channel::contains);
    }

    boolean reports(String channel) {
        return channel == null || silent.stream().noneMatch(channel::contains);
    }

    public void refuseLogins(boolean refuse) {
        refuseLogins = refuse;
    }

    boolean refusesLogins() {
        return refuseLogins;
    }

    /** Writes the transcript's events to the logged-in client, in order. */
    public void replay(Transcript transcript) {
        replay(transcript.events(), frame -> { });
    }

    /** Writes the frames to the logged-in client, in order; {@code beforeEach} runs before each frame is written. */
    public void replay(List<AmiFrame> frames, Consumer<AmiFrame> beforeEach) {
        AmiSession session = loggedIn();
        for (AmiFrame frame : frames) {
            beforeEach.accept(frame);
            session.send(frame.toWire());
        }
    }

    FakeQueues queues() {
        return queues;
    }

    /** Whether the phone is a member of the queue now. */
    public boolean inQueue(String queue, String device) {
        return queues.has(queue, device);
    }

    /** The member as QueueStatus lists it ({@code Paused}, {@code PausedReason}, {@code Status}...), or null. */
    public AmiFrame queueMember(String queue, String device) {
        return queues.member(queue, device);
    }

    /** Makes the phone a member without any event, as persistent members come back after a PBX restart. */
    public void putQueueMember(String queue, String device, String memberName, boolean paused, String reason) {
        queues.put(queue, device, memberName, paused, reason);
    }

    /** Forgets the member without any event, as a PBX restarted without persistent members does. */
    public void dropQueueMember(String queue, String device) {
        queues.drop(queue, device);
    }

    /**
     * The phone's device state changes on the PBX ({@code status} 1 not in use, 2 in use, 5 unavailable, 6
     * ringing...): a QueueMemberStatus event per queue it is a member of, stamped {@code at}.
     */
    public void queueMemberStatus(String device, int status, boolean inCall, Instant at) {
        queues.status(device, status, inCall, at).forEach(this::broadcast);
    }

    /** Writes the event to every logged-in client, as Asterisk sends an event to each session that may read it. */
    void broadcast(AmiFrame event) {
        for (AmiSession s : sessions) {
            if (s.authenticated()) {
                try {
                    s.send(event.toWire());
                } catch (UncheckedIOException gone) {
                    // that client left; the others still get it
                }
            }
        }
    }

    /** Writes the text as it is to the logged-in client (a malformed frame, an endless line...). */
    public void sendRaw(String text) {
        loggedIn().send(text);
    }

    /** Closes the logged-in client's socket, as a restarting Asterisk would; the server keeps listening for its reconnection. */
    public void dropConnection() {
        loggedIn().close();
    }

    private AmiSession loggedIn() {
        lock.lock();
        try {
            if (current == null) {
                throw new IllegalStateException("no client is logged in to the fake Asterisk");
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    void recordAction(AmiFrame action) {
        actions.add(action);
        signal(() -> { });
    }

    void loginAccepted(AmiSession session) {
        signal(() -> {
            logins++;
            current = session;
        });
    }

    void sessionEnded(AmiSession session) {
        sessions.remove(session);
        signal(() -> {
            if (current == session) {
                current = null;
            }
        });
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean await(BooleanSupplier condition, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                AmiSession session = new AmiSession(this, socket, connections.incrementAndGet());
                sessions.add(session);
                if (closed) {
                    session.close();
                    return;
                }
                session.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Stops listening and closes every client connection. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sessions.forEach(AmiSession::close);
        signal(() -> current = null);
    }

    static long elapsedSeconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }
}

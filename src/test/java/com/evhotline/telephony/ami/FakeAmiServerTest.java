package com.evhotline.telephony.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.support.ami.AmiFrame;
import com.evhotline.support.ami.FakeAmiServer;
import com.evhotline.support.ami.Transcript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.AbstractManagerAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.response.PingResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake Asterisk against the real Asterisk-Java client, and the transcript model it replays. */
class FakeAmiServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String USER = "hotline";
    private static final String SECRET = "s3cret";

    /** Asterisk-Java logs every connect at INFO and every disconnect at WARN ("AsyncEventPump has exited"); kept by reference. */
    private static final Logger ASTERISK_JAVA_LOG = Logger.getLogger("org.asteriskjava");
    private static final Logger EVENT_PUMP_LOG = Logger.getLogger("org.asteriskjava.manager.internal.AsyncEventPump");

    private final FakeAmiServer server = FakeAmiServer.start(USER, SECRET);
    private final EventRecorder recorder = new EventRecorder();
    private ManagerConnection connection;

    @BeforeAll
    static void quietAsteriskJava() {
        ASTERISK_JAVA_LOG.setLevel(Level.WARNING);
        EVENT_PUMP_LOG.setLevel(Level.SEVERE);
    }

    @AfterEach
    void tearDown() {
        if (connection != null && (connection.getState() == ManagerConnectionState.CONNECTED
                || connection.getState() == ManagerConnectionState.RECONNECTING)) {
            connection.logoff();
        }
        server.close();
    }

    // --- the live exchange with Asterisk-Java

    @Test
    void asteriskJavaLogsInWithChallengeThenLoginThenAsksTheVersion() throws Exception {
        connect(SECRET);

        assertEquals(ManagerConnectionState.CONNECTED, connection.getState());
        assertEquals(AsteriskVersion.ASTERISK_22, connection.getVersion());
        assertEquals(FakeAmiServer.BANNER, connection.getProtocolIdentifier());
        assertEquals(List.of("Challenge", "Login", "CoreSettings"), actionNames());
        AmiFrame login = server.actions().get(1);
        assertEquals(USER, login.get("Username"));
        assertEquals("MD5", login.get("AuthType"));
        assertEquals(1, server.logins());

        connection.logoff();
        assertTrue(server.awaitAction("Logoff", WAIT));
    }

    @Test
    void aWrongSecretFailsTheLogin() {
        connection = new ManagerConnectionFactory("127.0.0.1", server.port(), USER, "wrong").createManagerConnection();

        assertThrows(AuthenticationFailedException.class, connection::login);
        assertEquals(0, server.logins());
        assertEquals(ManagerConnectionState.DISCONNECTED, connection.getState());
        assertEquals(List.of("Challenge", "Login"), actionNames());
    }

    @Test
    void refusedLoginsFailEvenWithTheRightSecret() {
        server.refuseLogins(true);
        connection = new ManagerConnectionFactory("127.0.0.1", server.port(), USER, SECRET).createManagerConnection();

        assertThrows(AuthenticationFailedException.class, connection::login);
        assertEquals(0, server.logins());
    }

    @Test
    void replayedEventsReachTheListenerAsTypedEvents() throws Exception {
        connect(SECRET);
        Transcript call = Transcript.load("ami-queue-answered.txt");
        List<Instant> clock = new ArrayList<>();

        server.replay(call.events(), frame -> clock.add(frame.timestamp()));

        AmiFrame last = call.events().get(call.events().size() - 1);
        recorder.await(e -> timestampOf(last).equals(e.getTimestamp()));
        AgentConnectEvent connect = (AgentConnectEvent) recorder.await(e -> e instanceof AgentConnectEvent);
        assertEquals("1795796935.0", connect.getLinkedId());
        assertEquals(5L, connect.getHoldTime());
        assertEquals(1795796941.315030, connect.getTimestamp(), 1e-6);
        assertEquals(call.events().size(), clock.size());
        assertEquals(call.firstTimestamp(), clock.get(0));
        List<Double> sent = call.events().stream().map(FakeAmiServerTest::timestampOf).toList();
        assertEquals(sent, recorder.timestampsOfReplayedEvents(), "every frame arrives once, in order");
    }

    @Test
    void coreShowChannelsAnswersWithTheConfiguredChannels() throws Exception {
        connect(SECRET);
        server.setCoreShowChannels(Transcript.load("ami-core-show-channels-mid-call.txt").coreShowChannelsAnswer());

        ResponseEvents answer = connection.sendEventGeneratingAction(new CoreShowChannelsAction());

        assertEquals("Success", answer.getResponse().getResponse());
        List<CoreShowChannelEvent> channels = answer.getEvents().stream()
                .filter(CoreShowChannelEvent.class::isInstance).map(CoreShowChannelEvent.class::cast).toList();
        assertEquals(4, channels.size());
        assertEquals("Local/4008001234@hotline-in-0000000c;1", channels.get(0).getChannel());
        assertTrue(channels.stream().allMatch(c -> "1795797004.24".equals(c.getLinkedid())));
        CoreShowChannelsCompleteEvent complete = answer.getEvents().stream()
                .filter(CoreShowChannelsCompleteEvent.class::isInstance).map(CoreShowChannelsCompleteEvent.class::cast)
                .findFirst().orElseThrow();
        assertEquals(4, complete.getListitems());
        assertTrue(server.awaitAction("CoreShowChannels", WAIT));
    }

    @Test
    void withNoChannelsCoreShowChannelsCompletesEmpty() throws Exception {
        connect(SECRET);

        ResponseEvents answer = connection.sendEventGeneratingAction(new CoreShowChannelsAction());

        assertEquals(1, answer.getEvents().size());
        assertInstanceOf(CoreShowChannelsCompleteEvent.class, answer.getEvents().iterator().next());
    }

    @Test
    void pingPongsAndAnUnknownActionIsAnError() throws Exception {
        connect(SECRET);

        PingResponse pong = (PingResponse) connection.sendAction(new PingAction());
        ManagerResponse unknown = connection.sendAction(new NoSuchAction());

        assertEquals("Pong", pong.getPing());
        assertInstanceOf(ManagerError.class, unknown);
        assertEquals("Invalid/unknown command", unknown.getMessage());
        assertEquals(List.of("Challenge", "Login", "CoreSettings", "Ping", "NoSuchAction"), actionNames());
    }

    @Test
    void afterADroppedConnectionAsteriskJavaReconnectsByItself() throws Exception {
        connect(SECRET);
        Transcript call = Transcript.load("ami-queue-answered.txt");
        Transcript.Parts parts = call.split(20);
        server.replay(parts.before());

        server.dropConnection();

        recorder.await(e -> e instanceof DisconnectEvent);
        assertTrue(server.awaitLogins(2, WAIT));
        recorder.awaitCount(e -> e instanceof ConnectEvent, 2);
        assertEquals(ManagerConnectionState.CONNECTED, connection.getState());
        server.replay(parts.after());
        recorder.await(e -> e instanceof AgentConnectEvent);
        assertEquals(List.of("Challenge", "Login", "CoreSettings", "Challenge", "Login", "CoreSettings"), actionNames());
    }

    @Test
    void aMalformedFrameAndAHundredKilobyteLineDoNotBreakTheConnection() throws Exception {
        connect(SECRET);
        String longValue = "x".repeat(100 * 1024);

        server.sendRaw("Event: Garbage\r\nno colon here\r\n\r\n");
        server.sendRaw(longValue + "\r\n\r\n");
        server.sendRaw(AmiFrame.of("Event", "VarSet", "Channel", "Local/long@test;1", "Variable", "LONG",
                "Value", longValue).toWire());
        server.sendRaw(AmiFrame.of("Event", "VarSet", "Channel", "Local/after@test;1", "Variable", "AFTER",
                "Value", "1").toWire());

        VarSetEvent after = (VarSetEvent) recorder.await(e -> e instanceof VarSetEvent v && "AFTER".equals(v.getVariable()));
        assertEquals("1", after.getValue());
        VarSetEvent big = (VarSetEvent) recorder.await(e -> e instanceof VarSetEvent v && "LONG".equals(v.getVariable()));
        assertEquals(longValue.length(), big.getValue().length());
        assertEquals(1, server.logins(), "no reconnection");
        assertEquals(ManagerConnectionState.CONNECTED, connection.getState());
        assertFalse(recorder.has(e -> e instanceof DisconnectEvent));
    }

    @Test
    void aFrameEndedByBareLineFeedsSwallowsTheFrameAfterIt() throws Exception {
        connect(SECRET);

        server.sendRaw("Event: VarSet\nVariable: LF\nValue: 1\n\n");
        server.sendRaw(AmiFrame.of("Event", "VarSet", "Variable", "NEXT", "Value", "1").toWire());
        server.sendRaw(AmiFrame.of("Event", "VarSet", "Variable", "MARK", "Value", "1").toWire());

        recorder.await(e -> e instanceof VarSetEvent v && "MARK".equals(v.getVariable()));
        assertFalse(recorder.has(e -> e instanceof VarSetEvent v && !"MARK".equals(v.getVariable())),
                "Asterisk-Java splits lines on CRLF only: the LF frame and the next one read as one unknown event");
        assertEquals(1, server.logins());
    }

    // --- the transcript model

    @Test
    void theQueueAnsweredTranscriptHoldsTheCallsEventsOnly() {
        Transcript call = Transcript.load("ami-queue-answered.txt");

        List<AmiFrame> connects = call.all(f -> f.isEvent("AgentConnect"));
        assertEquals(1, connects.size());
        assertEquals("5", connects.get(0).get("HoldTime"));
        assertEquals("1795796935.0", call.linkedId());
        assertEquals(Instant.ofEpochSecond(1795796935L, 805_626_000L), call.firstTimestamp());
        assertTrue(call.events().stream().allMatch(AmiFrame::isEvent));
        assertTrue(call.all(f -> f.isEvent("FullyBooted") || f.isEvent("SuccessfulAuth")
                || f.isEvent("OriginateResponse") || f.has("ActionID")).isEmpty());
        assertTrue(call.coreShowChannelsAnswer().isEmpty());
    }

    @Test
    void theCoreShowChannelsAnswerIsKeptApartFromTheEvents() {
        Transcript call = Transcript.load("ami-core-show-channels-mid-call.txt");

        assertEquals(List.of("CoreShowChannel", "CoreShowChannel", "CoreShowChannel", "CoreShowChannel",
                "CoreShowChannelsComplete"), call.coreShowChannelsAnswer().stream().map(AmiFrame::type).toList());
        assertTrue(call.all(f -> f.type().startsWith("CoreShowChannel")).isEmpty());
        assertEquals("4", call.coreShowChannelsAnswer().get(4).get("ListItems"));
    }

    @Test
    void shiftingMovesTimestampsAndChannelIdsButNotBridgeIds() {
        Transcript call = Transcript.load("ami-queue-answered.txt");

        Transcript later = call.shifted(1000);

        assertEquals("1795797935.0", later.linkedId());
        assertEquals(call.firstTimestamp().plusSeconds(1000), later.firstTimestamp());
        AmiFrame connect = later.first(f -> f.isEvent("AgentConnect"));
        assertEquals("1795797941.315030", connect.get("Timestamp"));
        assertEquals("1795797935.1", connect.get("Uniqueid"));
        assertEquals("1795797936.2", connect.get("DestUniqueid"));
        assertEquals("1795797935.0", connect.get("DestLinkedid"));
        AmiFrame bridge = later.first(f -> f.isEvent("LocalBridge"));
        assertEquals("1795797935.1", bridge.get("LocalTwoUniqueid"));
        AmiFrame created = call.first(f -> f.isEvent("BridgeCreate"));
        assertEquals(created.get("BridgeUniqueid"), later.first(f -> f.isEvent("BridgeCreate")).get("BridgeUniqueid"));
        Transcript midCall = Transcript.load("ami-core-show-channels-mid-call.txt").shifted(10);
        assertEquals("1795797014.24", midCall.coreShowChannelsAnswer().get(0).get("Linkedid"));
        assertEquals(call.events().size(), later.events().size());
    }

    @Test
    void replacingReachesEveryValueIncludingChannelNames() {
        Transcript call = Transcript.load("ami-forwarded-backup-answers.txt")
                .replacing("+8613800001002", "+8613899990002")
                .replacing("+8613700000001", "+8613799990001");

        assertTrue(call.events().stream().flatMap(f -> f.fields().stream())
                .noneMatch(field -> field.value().contains("+8613800001002") || field.value().contains("+8613700000001")));
        assertTrue(call.events().stream().anyMatch(f -> "+8613899990002".equals(f.get("CallerIDNum"))));
        assertTrue(call.events().stream().anyMatch(f -> String.valueOf(f.get("Channel")).startsWith("Local/+8613799990001@")));
    }

    @Test
    void insertingSplittingAndDuplicatingMakeNewTranscripts() {
        Transcript call = Transcript.load("ami-queue-answered.txt");
        Predicate<AmiFrame> agentConnect = f -> f.isEvent("AgentConnect");
        AmiFrame accepted = AmiFrame.of("Event", "VarSet", "Channel", "Local/s@agents-00000001;1",
                "Variable", "HOTLINE_ACCEPTED", "Value", "1");

        Transcript withAcceptance = call.inserting(agentConnect, accepted);
        Transcript before = call.until(agentConnect);
        Transcript after = call.from(agentConnect);

        int at = call.events().indexOf(call.first(agentConnect));
        assertEquals(accepted, withAcceptance.events().get(at + 1));
        assertEquals(call.events().size() + 1, withAcceptance.events().size());
        assertEquals(at, before.events().size());
        assertTrue(after.events().get(0).isEvent("AgentConnect"));
        assertEquals(call.events().size(), before.events().size() + after.events().size());
        assertEquals(call.events().size() * 2, call.duplicatingEach().events().size());
        assertEquals(call.events().get(0), call.duplicatingEach().events().get(1));
        assertEquals(List.of(call.events().get(3)), call.split(3).after().events().subList(0, 1));
        assertThrows(IllegalArgumentException.class, () -> call.until(f -> f.isEvent("NoSuchEvent")));
        assertThrows(UnsupportedOperationException.class, () -> call.events().clear());
    }

    @Test
    void framesKeepOrderRepeatedKeysAndTheWireFormat() {
        AmiFrame frame = AmiFrame.parse("Event: VarSet\r\nVariable: A\r\nAccountCode: \r\nVariable: B\r\n");

        assertEquals("VarSet", frame.type());
        assertEquals("A", frame.get("variable"));
        assertEquals(List.of("A", "B"), frame.getAll("Variable"));
        assertEquals("", frame.get("AccountCode"));
        assertNull(frame.get("Value"));
        assertEquals("Event: VarSet\r\nVariable: C\r\nAccountCode: \r\nVariable: B\r\nValue: 1\r\n\r\n",
                frame.with("Variable", "C").with("Value", "1").toWire());
        assertEquals("Event: VarSet\r\nAccountCode: \r\n\r\n", frame.without("Variable").toWire());
        assertEquals("Response", AmiFrame.of("Response", "Success").type());
        assertFalse(AmiFrame.of("Response", "Success").isEvent());
        assertNotEquals(frame, frame.with("Variable", "C"));
    }

    // --- helpers

    private void connect(String secret) throws Exception {
        connection = new ManagerConnectionFactory("127.0.0.1", server.port(), USER, secret).createManagerConnection();
        connection.addEventListener(recorder);
        connection.login();
    }

    private List<String> actionNames() {
        return server.actions().stream().map(a -> a.get("Action")).toList();
    }

    private static Double timestampOf(AmiFrame frame) {
        return Double.valueOf(frame.get("Timestamp"));
    }

    /** An Asterisk-Java action the fake Asterisk does not know. */
    public static final class NoSuchAction extends AbstractManagerAction {
        private static final long serialVersionUID = 1L;

        @Override
        public String getAction() {
            return "NoSuchAction";
        }
    }

    /** Collects what Asterisk-Java hands its listeners and lets a test wait, bounded, for one. */
    private static final class EventRecorder implements ManagerEventListener {
        private final List<ManagerEvent> events = new ArrayList<>();

        @Override
        public synchronized void onManagerEvent(ManagerEvent event) {
            events.add(event);
            notifyAll();
        }

        synchronized boolean has(Predicate<ManagerEvent> match) {
            return events.stream().anyMatch(match);
        }

        ManagerEvent await(Predicate<ManagerEvent> match) throws InterruptedException {
            return awaitCount(match, 1);
        }

        synchronized ManagerEvent awaitCount(Predicate<ManagerEvent> match, int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                List<ManagerEvent> found = events.stream().filter(match).toList();
                if (found.size() >= count) {
                    return found.get(count - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such event within " + WAIT + "; got " + events.size() + " events");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Timestamps of the events read from the wire, leaving out those Asterisk-Java makes up (legacy Dial and Bridge events). */
        synchronized List<Double> timestampsOfReplayedEvents() {
            return events.stream()
                    .filter(e -> e.getTimestamp() != null)
                    .filter(e -> !e.getClass().getSimpleName().equals("DialEvent") && !e.getClass().getSimpleName().equals("BridgeEvent"))
                    .map(ManagerEvent::getTimestamp).toList();
        }
    }
}

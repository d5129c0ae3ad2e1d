package com.evhotline.support.ami;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One client connection of {@link FakeAmiServer}: reads its actions and answers each as Asterisk 22's manager.c does. */
final class AmiSession {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final FakeAmiServer server;
    private final Socket socket;
    private final int number;
    private final ExecutorService writer;
    private String challenge;
    private volatile boolean authenticated;

    AmiSession(FakeAmiServer server, Socket socket, int number) {
        this.server = server;
        this.socket = socket;
        this.number = number;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "fake-ami-write-" + number));
    }

    void start() {
        daemon(this::readLoop, "fake-ami-session-" + number).start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Writes and flushes, waiting at most {@link #WRITE_TIMEOUT}: a client that stops reading gets disconnected, never hangs a test. */
    void send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            Future<?> written = writer.submit(() -> {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                return null;
            });
            written.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new UncheckedIOException(new IOException("AMI client #" + number + " is gone"));
        } catch (TimeoutException e) {
            close();
            throw new UncheckedIOException(new IOException("AMI client #" + number + " stopped reading; disconnected it"));
        } catch (ExecutionException e) {
            close();
            throw new UncheckedIOException(new IOException("writing to AMI client #" + number + " failed", e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to AMI client #" + number, e);
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is closed either way
        }
        writer.shutdownNow();
        server.sessionEnded(this);
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            send(FakeAmiServer.BANNER + "\r\n");
            List<AmiFrame.Field> fields = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    AmiFrame.Field field = AmiFrame.parseLine(line);
                    if (field != null) {
                        fields.add(field);
                    }
                } else if (!fields.isEmpty()) {
                    AmiFrame action = AmiFrame.of(fields);
                    fields.clear();
                    if (!answer(action)) {
                        break;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the client or the test closed the connection
        } finally {
            close();
        }
    }

    /** Answers one action; false when the connection must end (Logoff, failed Login). */
    private boolean answer(AmiFrame action) {
        server.recordAction(action);
        String id = action.get("ActionID");
        String name = action.get("Action");
        if (name == null) {
            reply(id, "Error", "Message", "Missing action in request");
            return true;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (!authenticated && !List.of("login", "challenge", "logoff").contains(name)) {
            reply(id, "Error", "Message", "Permission denied");
            return true;
        }
        switch (name) {
            case "challenge" -> challenge(action, id);
            case "login" -> {
                return login(action, id);
            }
            case "logoff" -> {
                reply(id, "Goodbye", "Message", "Thanks for all the fish.");
                return false;
            }
            case "ping" -> reply(id, "Success", "Ping", "Pong", "Timestamp", now());
            case "coresettings" -> coreSettings(id);
            case "command" -> command(action, id);
            case "coreshowchannels" -> coreShowChannels(id);
            case "originate" -> originate(action, id);
            case "queueadd" -> queue(server.queues().add(action, id));
            case "queuepause" -> queue(server.queues().pause(action, id));
            case "queueremove" -> queue(server.queues().remove(action, id));
            case "queuestatus" -> send(server.queues().status(action, id).stream().map(AmiFrame::toWire)
                    .reduce("", String::concat));
            default -> reply(id, "Error", "Message", "Invalid/unknown command");
        }
        return true;
    }

    /** The answer to a queue action, then its member events to every logged-in client. */
    private void queue(FakeQueues.Outcome outcome) {
        send(outcome.response().toWire());
        outcome.events().forEach(server::broadcast);
    }

    boolean authenticated() {
        return authenticated;
    }

    /** Queued at once; then, as Asterisk does for an asynchronous Originate, the outcome of the ringing. */
    private void originate(AmiFrame action, String id) {
        if (!server.takes(action.get("Channel"), () -> originate(action, id))) {
            return;
        }
        reply(id, "Success", "Message", "Originate successfully queued");
        if (!server.reports(action.get("Channel"))) {
            return;
        }
        boolean answered = server.answers(action.get("Channel"));
        String uniqueId = FakeAmiServer.elapsedSeconds(server.startedNanos) + "." + ThreadLocalRandom.current().nextInt(1, 10_000);
        send(frame(id, "Event", "OriginateResponse", "Privilege", "call,all", "Response", answered ? "Success" : "Failure",
                "Channel", String.valueOf(action.get("Channel")), "Context", String.valueOf(action.get("Context")),
                "Exten", String.valueOf(action.get("Exten")), "Reason", answered ? "4" : "3", "Uniqueid",
                answered ? uniqueId : "<null>", "CallerIDNum", "<unknown>", "CallerIDName", "<unknown>").toWire());
    }

    private void challenge(AmiFrame action, String id) {
        if (!"MD5".equalsIgnoreCase(action.get("AuthType"))) {
            reply(id, "Error", "Message", "Must specify AuthType");
            return;
        }
        if (challenge == null) {
            challenge = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 2_147_483_647L));
        }
        reply(id, "Success", "Challenge", challenge);
    }

    private boolean login(AmiFrame action, String id) {
        if (server.refusesLogins() || !server.username.equals(action.get("Username")) || !credentialsMatch(action)) {
            reply(id, "Error", "Message", "Authentication failed");
            return false;
        }
        authenticated = true;
        reply(id, "Success", "Message", "Authentication accepted");
        String uptime = Long.toString(FakeAmiServer.elapsedSeconds(server.startedNanos));
        send(AmiFrame.of("Event", "FullyBooted", "Privilege", "system,all", "Uptime", uptime, "LastReload", uptime,
                "Status", "Fully Booted").toWire());
        server.loginAccepted(this);
        return true;
    }

    private boolean credentialsMatch(AmiFrame action) {
        if ("MD5".equalsIgnoreCase(action.get("AuthType"))) {
            return challenge != null && md5Hex(challenge + server.secret).equalsIgnoreCase(action.get("Key"));
        }
        return server.secret.equals(action.get("Secret"));
    }

    private void coreSettings(String id) {
        reply(id, "Success", "AMIversion", FakeAmiServer.AMI_VERSION, "AsteriskVersion", FakeAmiServer.ASTERISK_VERSION,
                "SystemName", "", "CoreMaxCalls", "0", "CoreMaxLoadAvg", "0.000000", "CoreRunUser", "asterisk",
                "CoreRunGroup", "asterisk", "CoreMaxFilehandles", "0", "CoreRealTimeEnabled", "No",
                "CoreCDRenabled", "Yes", "CoreHTTPenabled", "No", "SoundsSearchCustomDir", "No");
    }

    private void command(AmiFrame action, String id) {
        String command = String.valueOf(action.get("Command")).trim();
        if (command.equalsIgnoreCase("core show version")) {
            reply(id, "Success", "Message", "Command output follows", "Output", "Asterisk " + FakeAmiServer.ASTERISK_VERSION
                    + " built by root @ hotline-lab on a x86_64 running Linux on 2026-10-01 08:00:00 UTC");
        } else {
            reply(id, "Error", "Message", "Command output follows", "Output",
                    "No such command '" + command + "' (type 'core show help " + command + "' for other possible commands)");
        }
    }

    private void coreShowChannels(String id) {
        List<AmiFrame> channels = server.coreShowChannels();
        StringBuilder answer = new StringBuilder(frame(id, "Response", "Success", "EventList", "start",
                "Message", "Channels will follow").toWire());
        for (AmiFrame channel : channels) {
            answer.append((id == null ? channel.without("ActionID") : channel.with("ActionID", id)).toWire());
        }
        answer.append(frame(id, "Event", "CoreShowChannelsComplete", "EventList", "Complete",
                "ListItems", Integer.toString(channels.size())).toWire());
        send(answer.toString());
    }

    private void reply(String id, String response, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "Response";
        all[1] = response;
        System.arraycopy(more, 0, all, 2, more.length);
        send(frame(id, all).toWire());
    }

    /** A frame whose first field is keysAndValues' first pair, then ActionID (when the action had one), then the rest. */
    private static AmiFrame frame(String id, String... keysAndValues) {
        List<AmiFrame.Field> fields = new ArrayList<>();
        fields.add(new AmiFrame.Field(keysAndValues[0], keysAndValues[1]));
        if (id != null) {
            fields.add(new AmiFrame.Field("ActionID", id));
        }
        for (int i = 2; i < keysAndValues.length; i += 2) {
            fields.add(new AmiFrame.Field(keysAndValues[i], keysAndValues[i + 1]));
        }
        return AmiFrame.of(fields);
    }

    private static String now() {
        long micros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

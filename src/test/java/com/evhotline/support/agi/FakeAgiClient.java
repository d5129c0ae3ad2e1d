package com.evhotline.support.agi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test-side FastAGI client that talks to a FastAGI server the way Asterisk 22 does (plain sockets, never hangs). */
public final class FakeAgiClient {

    private FakeAgiClient() {
    }

    /** A call to place: set what the test cares about, then {@code run(host, port)}. */
    public static AgiCall.Builder call() {
        return new AgiCall.Builder();
    }

    /** Opens a connection, writes {@code partialText} and then nothing more, keeping the socket open. */
    public static StalledRequest stall(String host, int port, String partialText) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.getOutputStream().write(partialText.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new StalledRequest(socket);
        } catch (IOException e) {
            Sockets.closeQuietly(socket);
            throw new UncheckedIOException("cannot stall a request on " + host + ":" + port, e);
        }
    }

    /** Sends {@code bytes} as they are, then reads what the server answers until it closes or {@code timeout} passes. */
    public static RawExchange raw(String host, int port, byte[] bytes, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        StringBuilder received = new StringBuilder();
        boolean closed = false;
        String error = null;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), deadline.remainingMillis());
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            closed = new DeadlineInput(socket, deadline).readAllInto(received);
            error = closed ? null : "timeout";
        } catch (IOException e) {
            closed = Sockets.closedByPeer(e);
            error = closed ? null : Sockets.describe(e);
        }
        return new RawExchange(received.toString(), closed, error, Duration.ofNanos(System.nanoTime() - started));
    }
}

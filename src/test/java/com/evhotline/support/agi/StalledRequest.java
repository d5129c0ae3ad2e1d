package com.evhotline.support.agi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A connection that sent part of a request and then went quiet, to see whether the server gives up on it. */
public final class StalledRequest implements AutoCloseable {
    private final Socket socket;
    private final StringBuilder received = new StringBuilder();
    private boolean closedByServer;

    StalledRequest(Socket socket) {
        this.socket = socket;
    }

    /** Whether the server has closed the connection by now (waits about a millisecond). */
    public synchronized boolean closedByServer() {
        return awaitClosedByServer(Duration.ZERO);
    }

    /** Waits at most {@code wait} for the server to close the connection; true once it has. */
    public synchronized boolean awaitClosedByServer(Duration wait) {
        Deadline deadline = Deadline.after(wait.isZero() ? Duration.ofMillis(1) : wait);
        byte[] buffer = new byte[1024];
        try {
            InputStream in = socket.getInputStream();
            while (!closedByServer) {
                int millis = deadline.remainingMillis();
                if (millis == 0) {
                    return false;
                }
                socket.setSoTimeout(millis);
                int n = in.read(buffer);
                if (n < 0) {
                    closedByServer = true;
                } else {
                    received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            closedByServer = Sockets.closedByPeer(e);
        }
        return closedByServer;
    }

    /** What the server sent on this connection so far (as far as a closed-check has read it). */
    public synchronized String received() {
        return received.toString();
    }

    @Override
    public void close() {
        Sockets.closeQuietly(socket);
    }
}

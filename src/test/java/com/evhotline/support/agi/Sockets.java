package com.evhotline.support.agi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** How the fake client reads network failures: a peer's close, a timeout, or something to report. */
final class Sockets {

    private Sockets() {
    }

    /** A reset or broken pipe is the server closing too (typically with our bytes unread), not a client error. */
    static boolean closedByPeer(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase();
        return e instanceof SocketException && !(e instanceof ConnectException)
                && (message.contains("reset") || message.contains("broken pipe"));
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return "connection refused";
        }
        return e.toString();
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

package com.evhotline.support.agi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Reads a socket line by line (LF-terminated, as Asterisk reads AGI commands) without ever waiting past a deadline. */
final class DeadlineInput {
    private final Socket socket;
    private final InputStream in;
    private final Deadline deadline;
    private final byte[] buffer = new byte[4096];
    private int start;
    private int end;

    DeadlineInput(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadline = deadline;
    }

    /** The next line without its {@code \n} (a {@code \r} is kept, as Asterisk keeps it), or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (start == end && !fill()) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            byte b = buffer[start++];
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Appends everything up to end of stream; true when the peer closed, false when the deadline passed first. */
    boolean readAllInto(StringBuilder text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            while (start < end || fill()) {
                bytes.write(buffer, start, end - start);
                start = end;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            text.append(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private boolean fill() throws IOException {
        int millis = deadline.remainingMillis();
        if (millis == 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout(millis);
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        start = 0;
        end = n;
        return true;
    }
}

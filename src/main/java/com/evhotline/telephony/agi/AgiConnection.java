package com.evhotline.telephony.agi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection, line by line, in place of Asterisk-Java's own: that one allocates about
 * 30 KB of reader and writer buffers per connection (Asterisk opens one per call) and lets a line grow
 * without bound. Here a connection holds a 512-byte read buffer and a line may be at most
 * {@link #MAX_LINE} bytes; the request (the lines up to the first empty one) at most
 * {@link #MAX_REQUEST_LINES} lines, all of it within the read timeout of the connection's start, and
 * each command's whole answer at most {@link #MAX_ANSWER_LINES} lines within the read timeout of when
 * the command was sent, however slowly the bytes come. Past a bound the read fails, and the library then drops the connection as
 * it does any broken one, giving its thread back. Lines end with LF, an optional CR before it is
 * dropped; text is UTF-8 both ways; at the end of the stream {@code readLine} gives null, as the
 * library's own does.
 */
final class AgiConnection implements SocketConnectionFacade {

    static final int MAX_LINE = 8 * 1024;
    /** Asterisk 22 sends about 30 {@code agi_*} lines and the script's arguments. */
    static final int MAX_REQUEST_LINES = 128;
    /** A command's answer is one line, or a few for a usage text. */
    static final int MAX_ANSWER_LINES = 64;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[512];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private final long timeoutNanos;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long deadline;
    private int requestLines;
    private int answerLines;
    private boolean requestRead;

    AgiConnection(Socket socket, int readTimeoutMillis, Runnable onClose) throws IOException {
        this.socket = socket;
        this.timeoutNanos = readTimeoutMillis * 1_000_000L;
        this.onClose = onClose;
        this.deadline = System.nanoTime() + timeoutNanos; // the whole request, from the connection's start
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true); // one command per write, then a wait for its reply
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 512);
    }

    @Override
    public String readLine() throws IOException {
        if (requestRead) {
            if (++answerLines > MAX_ANSWER_LINES) {
                throw new IOException("an answer of more than " + MAX_ANSWER_LINES + " lines: not a FastAGI peer");
            }
        } else if (++requestLines > MAX_REQUEST_LINES) {
            throw new IOException("a request of more than " + MAX_REQUEST_LINES + " lines: not a FastAGI peer");
        }
        String read = readUntilDeadline();
        if (!requestRead && read != null && read.isEmpty()) {
            requestRead = true;
        }
        return read;
    }

    private String readUntilDeadline() throws IOException {
        int len = 0;
        while (true) {
            if (pos == end) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the " + (requestRead ? "answer" : "request") + " did not arrive within "
                            + timeoutNanos / 1_000_000 + " ms: dropped");
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                end = in.read(buf);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    // the last line without its end; then null, as the library's reader gives at the end
                    return len > 0 ? text(len) : null;
                }
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return text(len);
            }
            if (len == MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes: not a FastAGI peer");
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[len++] = b;
        }
    }

    private String text(int len) {
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A command is sent: its whole answer is due within the read timeout from now. */
    @Override
    public void flush() throws IOException {
        out.flush();
        deadline = System.nanoTime() + timeoutNanos;
        answerLines = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}

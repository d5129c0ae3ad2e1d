package com.evhotline.telephony.agi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection, line by line, in place of Asterisk-Java's own: that one allocates about
 * 30 KB of reader and writer buffers per connection (Asterisk opens one per call) and lets a line grow
 * without bound. Here a connection holds a 512-byte read buffer and a line may be at most
 * {@link #MAX_LINE} bytes: a longer one (nothing Asterisk sends is near it) fails the read, and the
 * library then drops the connection as it does any broken one. Lines end with LF, an optional CR
 * before it is dropped; text is UTF-8 both ways; at the end of the stream {@code readLine} gives null,
 * as the library's own does.
 */
final class AgiConnection implements SocketConnectionFacade {

    static final int MAX_LINE = 8 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[512];
    private int pos;
    private int end;
    private byte[] line = new byte[256];

    AgiConnection(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true); // one command per write, then a wait for its reply
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 512);
    }

    @Override
    public String readLine() throws IOException {
        int len = 0;
        while (true) {
            if (pos == end) {
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

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
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

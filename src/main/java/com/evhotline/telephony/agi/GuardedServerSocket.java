package com.evhotline.telephony.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.jboss.logging.Logger;

/**
 * The FastAGI listening socket: a connection from an address outside the allow-list is closed before
 * a byte is read from it (its answers would carry staff mobile numbers), and every accepted one gets
 * the read timeout, so a stalled request gives its thread back. Accepted connections are
 * {@link AgiConnection}s.
 */
final class GuardedServerSocket implements ServerSocketFacade {

    private static final Logger LOG = Logger.getLogger(GuardedServerSocket.class);

    private final ServerSocket socket;
    private final AddressAllowList allow;
    private volatile int readTimeoutMillis;

    GuardedServerSocket(int port, InetAddress bind, AddressAllowList allow, int readTimeoutMillis) throws IOException {
        this.socket = new ServerSocket(port, 50, bind);
        this.readTimeoutMillis = readTimeoutMillis;
        this.allow = allow;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        while (true) {
            Socket s = socket.accept();
            if (allow.allows(s.getInetAddress())) {
                try {
                    return new AgiConnection(s, readTimeoutMillis);
                } catch (IOException e) { // reset before it was set up: not worth stopping the listener for
                    LOG.debugf("a FastAGI connection from %s failed at once: %s", s.getInetAddress(), e.getMessage());
                    closeQuietly(s);
                    continue;
                }
            }
            LOG.warnf("FastAGI connection from %s refused: not in HOTLINE_AGI_ALLOW (%s)", s.getInetAddress(), allow);
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debugf("closing a refused FastAGI connection: %s", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public void setSocketReadTimeout(int socketReadTimeout) {
        this.readTimeoutMillis = socketReadTimeout;
    }
}

package com.evhotline.telephony.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.jboss.logging.Logger;

/**
 * The FastAGI listening socket: a connection from an address outside the allow-list is closed before
 * a byte is read from it (its answers would carry staff mobile numbers), and so is one from an address
 * that already holds {@code maxPerAddress} open connections, so that one misbehaving peer cannot take
 * every thread from the PBX's calls. Accepted connections are {@link AgiConnection}s, which bound how
 * long and how much a request may take.
 */
final class GuardedServerSocket implements ServerSocketFacade {

    private static final Logger LOG = Logger.getLogger(GuardedServerSocket.class);

    private final ServerSocket socket;
    private final AddressAllowList allow;
    private final int maxPerAddress;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private volatile int readTimeoutMillis;

    GuardedServerSocket(int port, InetAddress bind, AddressAllowList allow, int readTimeoutMillis, int maxPerAddress)
            throws IOException {
        this.socket = new ServerSocket(port, 50, bind);
        this.readTimeoutMillis = readTimeoutMillis;
        this.allow = allow;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        while (true) {
            Socket s = socket.accept();
            InetAddress from = s.getInetAddress();
            if (allow.allows(from)) {
                AtomicInteger count = open.computeIfAbsent(from, a -> new AtomicInteger());
                if (count.incrementAndGet() > maxPerAddress) {
                    count.decrementAndGet();
                    LOG.warnf("FastAGI connection from %s refused: it holds %d open already (HOTLINE_AGI_MAX_PER_ADDRESS)",
                            from, maxPerAddress);
                    closeQuietly(s);
                    continue;
                }
                try {
                    return new AgiConnection(s, readTimeoutMillis, count::decrementAndGet);
                } catch (IOException e) { // reset before it was set up: not worth stopping the listener for
                    count.decrementAndGet();
                    LOG.debugf("a FastAGI connection from %s failed at once: %s", from, e.getMessage());
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

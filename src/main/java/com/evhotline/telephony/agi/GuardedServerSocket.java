package com.evhotline.telephony.agi;

import java.io.IOException;
import java.net.InetAddress;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.asteriskjava.util.internal.ServerSocketFacadeImpl;
import org.jboss.logging.Logger;

/**
 * The FastAGI listening socket: a connection from an address outside the allow-list is closed before
 * a byte is read from it (its answers would carry staff mobile numbers), and every accepted one gets
 * the read timeout, so a stalled request gives its thread back.
 */
final class GuardedServerSocket implements ServerSocketFacade {

    private static final Logger LOG = Logger.getLogger(GuardedServerSocket.class);

    private final ServerSocketFacadeImpl delegate;
    private final AddressAllowList allow;

    GuardedServerSocket(int port, InetAddress bind, AddressAllowList allow, int readTimeoutMillis) throws IOException {
        this.delegate = new ServerSocketFacadeImpl(port, 50, bind);
        this.delegate.setSocketReadTimeout(readTimeoutMillis);
        this.allow = allow;
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        while (true) {
            SocketConnectionFacade c = delegate.accept();
            if (allow.allows(c.getRemoteAddress())) {
                return c;
            }
            LOG.warnf("FastAGI connection from %s refused: not in HOTLINE_AGI_ALLOW (%s)", c.getRemoteAddress(), allow);
            try {
                c.close();
            } catch (IOException e) {
                LOG.debugf("closing a refused FastAGI connection: %s", e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void setSocketReadTimeout(int socketReadTimeout) {
        delegate.setSocketReadTimeout(socketReadTimeout);
    }
}

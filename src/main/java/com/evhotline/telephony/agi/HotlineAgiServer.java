package com.evhotline.telephony.agi;

import com.evhotline.call.service.CallIntake;
import com.evhotline.common.StartupLoads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.jboss.logging.Logger;

/** Asterisk-Java's FastAGI server on {@code HOTLINE_AGI_PORT}, serving the {@code hotline} script to the allowed PBXs. */
@ApplicationScoped
public class HotlineAgiServer {

    private static final Logger LOG = Logger.getLogger(HotlineAgiServer.class);

    private final AgiConfig config;
    private final CallIntake intake;
    private volatile DefaultAgiServer server;
    private volatile Thread acceptor;

    public HotlineAgiServer(AgiConfig config, CallIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    void start(@Observes @Priority(StartupLoads.AFTER_LOADS) StartupEvent start) throws IOException, InterruptedException {
        if (!config.enabled()) {
            LOG.info("FastAGI server disabled (hotline.agi.enabled=false)");
            return;
        }
        check(config);
        AddressAllowList allow = AddressAllowList.parse(config.allow());
        InetAddress bind = InetAddress.getByName(config.bind());
        int timeout = (int) config.readTimeout().toMillis();
        CountDownLatch bound = new CountDownLatch(1);
        IOException[] failure = new IOException[1];
        DefaultAgiServer s = new DefaultAgiServer(HotlineChannel.FACTORY) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                try {
                    return new GuardedServerSocket(config.port(), bind, allow, timeout, config.maxPerAddress());
                } catch (IOException e) {
                    failure[0] = e;
                    throw e;
                } finally {
                    bound.countDown();
                }
            }
        };
        HotlineScript script = new HotlineScript(intake);
        s.setMappingStrategy((request, channel) -> script); // the script itself refuses other names, with a log line
        s.setPort(config.port()); // only for its log line: the socket is ours
        s.setPoolSize(config.poolSize());
        s.setMaximumPoolSize(config.maxPoolSize());
        Thread t = new Thread(() -> {
            try {
                s.startup();
            } catch (IOException e) {
                LOG.errorf(e, "FastAGI server stopped");
            }
        }, "fastagi-accept");
        t.setDaemon(true);
        t.start();
        if (!bound.await(10, TimeUnit.SECONDS) || failure[0] != null) {
            throw new UncheckedIOException("FastAGI cannot listen on " + config.bind() + ":" + config.port()
                    + " (HOTLINE_AGI_BIND, HOTLINE_AGI_PORT)", failure[0] == null ? new IOException("timeout") : failure[0]);
        }
        server = s;
        acceptor = t;
        LOG.infof("FastAGI 'hotline' listening on %s:%d for %s", config.bind(), config.port(), allow);
    }

    /**
     * Refuses pool sizes the server cannot run with, naming the setting to fix (each setting's own range
     * is checked by its mapping's constraints when the configuration is read).
     */
    static void check(AgiConfig config) {
        if (config.maxPoolSize() < config.poolSize()) {
            throw new IllegalArgumentException("HOTLINE_AGI_MAX_POOL_SIZE (hotline.agi.max-pool-size) must be at least"
                    + " HOTLINE_AGI_POOL_SIZE; were " + config.poolSize() + " and " + config.maxPoolSize());
        }
    }

    /** Whether the routing script is being served (false when disabled, or when its listener died). */
    public boolean listening() {
        Thread t = acceptor;
        return t != null && t.isAlive();
    }

    void stop(@Observes ShutdownEvent stop) {
        DefaultAgiServer s = server;
        if (s != null) {
            s.shutdown();
        }
    }
}

package com.evhotline.telephony.ami;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.jboss.logging.Logger;

/**
 * Logs the AMI connection in, and in again whenever it is down and Asterisk-Java has given up on it:
 * each failed attempt is followed by a doubling wait from {@code hotline.ami.reconnect-min} to
 * {@code reconnect-max} (Mutiny's retry with backoff), on a worker thread, never the event reader's.
 * At most one round of attempts runs at a time, so the wait holds however often a login is asked for.
 */
final class AmiLogin {

    private static final Logger LOG = Logger.getLogger(AmiLogin.class);

    private final ManagerConnection connection;
    private final AmiConfig config;
    private final Consumer<String> failed;
    private final AtomicBoolean inRound = new AtomicBoolean();
    private volatile Cancellable round;
    private volatile boolean stopped;

    /** {@code failed} hears why an attempt failed (health shows it). */
    AmiLogin(ManagerConnection connection, AmiConfig config, Consumer<String> failed) {
        this.connection = connection;
        this.config = config;
        this.failed = failed;
    }

    /** Logs in unless logged in already or a round of attempts is under way. */
    void loginUntilIn() {
        if (stopped || !inRound.compareAndSet(false, true)) {
            return;
        }
        round = Uni.createFrom().voidItem()
                .invoke(this::attempt)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().retry().withBackOff(config.reconnectMin(), config.reconnectMax()).withJitter(0).indefinitely()
                .subscribe().with(in -> inRound.set(false), e -> inRound.set(false));
    }

    private void attempt() {
        if (stopped || connection.getState() == ManagerConnectionState.CONNECTED) {
            return;
        }
        try {
            connection.login();
        } catch (Exception e) {
            String why = "login to " + config.host().orElse("?") + ":" + config.port() + " failed: " + e.getMessage();
            failed.accept(why);
            LOG.warnf("AMI %s; trying again after a wait that doubles up to %s", why, config.reconnectMax());
            throw new IllegalStateException(why, e);
        }
    }

    /** No further attempts; one under way ends with its own. */
    void stop() {
        stopped = true;
        Cancellable c = round;
        if (c != null) {
            c.cancel();
        }
    }
}

package com.evhotline.console;

import com.evhotline.call.CallOnTicket;
import com.evhotline.common.StartupLoads;
import com.evhotline.common.WireTime;
import com.evhotline.db.PgListener;
import com.evhotline.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Incoming calls on the pages of every instance: the instance that put a call on its ticket announces it on
 * {@value #CHANNEL}, and each instance, listening, reads the pop-up once and pushes it to its open pages.
 * A call in the queue pops up for the agents, a forwarded one for the people on duty; supervisors see both.
 */
@ApplicationScoped
public class CallPops {

    static final String CHANNEL = "hotline_call_pop";
    /** A call written this much after it came in (the database was away) is history, not an incoming call. */
    static final Duration STALE = Duration.ofMinutes(2);
    private static final Logger LOG = Logger.getLogger(CallPops.class);

    private final Pool pool;
    private final PopQuery query;
    private final ConsoleFeed feed;
    private final Template pop;
    private final Clock clock;
    private final ZoneId zone;
    private final Vertx vertx;
    private final BoardChanges boards;
    private final io.vertx.pgclient.PgConnectOptions options;
    private volatile PgListener listener;

    public CallPops(Pool pool, PopQuery query, ConsoleFeed feed, @Location("console/pop.html") Template pop, Clock clock,
            ZoneId zone, Vertx vertx, BoardChanges boards, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.query = query;
        this.feed = feed;
        this.pop = pop;
        this.clock = clock;
        this.zone = zone;
        this.vertx = vertx;
        this.boards = boards;
        this.options = PgListener.options(url, username, password);
    }

    void start(@Observes @Priority(StartupLoads.AFTER_LOADS) StartupEvent start) {
        listener = PgListener.start(vertx, options, CHANNEL, "calls that come in meanwhile do not pop up",
                () -> { }, this::announced);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Tells every instance (this one too) that the call is on its ticket. */
    void onTicket(@Observes CallOnTicket call) {
        if (call.at().isBefore(clock.instant().minus(STALE))) {
            return;
        }
        pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, Long.toString(call.callId())))
                .subscribe().with(ok -> { }, e -> LOG.warnf("call %d did not pop up: %s", call.callId(), e.getMessage()));
    }

    private void announced(String payload) {
        long callId;
        try {
            callId = Long.parseLong(payload.trim());
        } catch (NumberFormatException e) {
            LOG.warnf("ignored a notice on %s that names no call: %.60s", CHANNEL, payload);
            return;
        }
        query.of(callId).subscribe().with(p -> {
            if (p != null) {
                feed.publish(new ConsoleFeed.Push("pop", Map.of("zh", render(p, "zh"), "en", render(p, "en")),
                        audience(p.route())));
                boards.changed(); // every instance's wall boards: a call joining an open ticket changes no ticket
            }
        }, e -> LOG.warnf("call %d did not pop up: %s", callId, e.getMessage()));
    }

    /** One of the caller's tickets as the pop-up lists it. */
    public record Line(long id, String number, String status, String category, String received, boolean current) {
    }

    private String render(PopQuery.Pop p, String lang) {
        return pop.instance().setLocale(Locale.forLanguageTag(lang))
                .data("p", p)
                .data("at", Shown.at(WireTime.show(p.at(), zone)))
                .data("tickets", p.tickets().stream().map(t -> new Line(t.id(), t.number(), t.status(), t.category(),
                        t.receivedAt() == null ? null : Shown.at(WireTime.show(t.receivedAt(), zone)), t.current()))
                        .toList())
                .render();
    }

    private static Predicate<ConsoleFeed.Viewer> audience(String route) {
        String handles = "FORWARD".equals(route) ? Roles.DUTY : Roles.AGENT;
        return v -> v.roles().contains(handles) || v.roles().contains(Roles.SUPERVISOR);
    }
}

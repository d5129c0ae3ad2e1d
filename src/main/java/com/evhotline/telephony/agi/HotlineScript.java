package com.evhotline.telephony.agi;

import static com.evhotline.common.Text.blankToNull;

import com.evhotline.call.LinkedIds;
import com.evhotline.call.RoutedAt;
import com.evhotline.call.service.CallIntake;
import com.evhotline.roster.RosterService.OnDuty;
import com.evhotline.routing.Routing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.jboss.logging.Logger;

/**
 * The {@code hotline} FastAGI script: takes the call's linked id from the dialplan's argument (or asks
 * the channel for it when there is none), lets the intake decide
 * and place the call, and answers with channel variables. Any other script name, or a request without
 * a channel identity, is logged and left unanswered, so the dialplan takes its fallback route.
 */
final class HotlineScript implements AgiScript {

    static final String NAME = "hotline";
    private static final Logger LOG = Logger.getLogger(HotlineScript.class);
    /** Asterisk's ids ({@code 1795796935.12}, or with a system name prefix); anything else is not a channel's. */

    private final CallIntake intake;

    HotlineScript(CallIntake intake) {
        this.intake = intake;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        if (!NAME.equals(request.getScript())) {
            LOG.warnf("FastAGI request for script '%s' from %s (channel %s): only '%s' is served; left unanswered",
                    request.getScript(), request.getRemoteAddress(), request.getChannel(), NAME);
            return;
        }
        String linkedId = linkedIdArgument(request);
        if (linkedId == null) { // a dialplan that does not pass it (the recorded exchange asks, as here)
            linkedId = blankToNull(AgiCommands.get(channel, "CHANNEL(linkedid)"));
        }
        if (linkedId == null) {
            linkedId = blankToNull(request.getUniqueId());
        }
        if (linkedId == null) {
            LOG.warnf("FastAGI request from %s names no channel (no linked id, no agi_uniqueid): left unanswered",
                    request.getRemoteAddress());
            return;
        }
        if (!LinkedIds.valid(linkedId)) {
            LOG.warnf("FastAGI request from %s with a malformed linked id '%.80s': left unanswered (the dialplan falls back)",
                    request.getRemoteAddress(), linkedId);
            return;
        }
        String caller = request.getCallerIdNumber();
        CallIntake.Answer answer = intake.take(linkedId, caller == null ? "unknown" : caller);
        answer(channel, answer);
    }

    /**
     * The call's linked id as the hotline's dialplan passes it, {@code AGI(agi://…/hotline,${CHANNEL(linkedid)})}:
     * one round trip less than asking for it. Taken only when it reads as Asterisk's ids do
     * ({@code [system-]epoch.sequence}, the system name that of the request's own {@code agi_uniqueid})
     * and is no later than the channel's own id (a call's linked id is its first channel's id): another
     * dialplan may pass anything first, a number or a word, and taking that for the call would put every
     * such call on one record. Otherwise null, and the script asks the channel.
     */
    static String linkedIdArgument(AgiRequest request) {
        String[] args;
        try {
            args = request.getArguments();
        } catch (RuntimeException malformed) { // an agi_arg_ line whose number is not a number
            LOG.warnf("FastAGI request from %s has a malformed argument line (%s): asking the channel for its linked id",
                    request.getRemoteAddress(), malformed.getMessage());
            return null;
        }
        String first = args == null || args.length == 0 ? null : blankToNull(args[0]);
        if (first == null) {
            return null;
        }
        Matcher id = ASTERISK_ID.matcher(first);
        Matcher own = ASTERISK_ID.matcher(String.valueOf(request.getUniqueId()));
        if (!id.matches() || !own.matches() || !Objects.equals(id.group(1), own.group(1))
                || compare(id, own) > 0) {
            // once at WARN (a dialplan of another kind passes something else on every call), then at DEBUG
            LOG.logf(ODD_ARGUMENT_SEEN.getAndSet(true) ? Logger.Level.DEBUG : Logger.Level.WARN,
                    "FastAGI request from %s (channel id %s) passes '%.80s' where the hotline's dialplan passes the"
                            + " linked id: asking the channel (further such requests are logged at DEBUG)",
                    request.getRemoteAddress(), request.getUniqueId(), first);
            return null;
        }
        return first;
    }

    /** Whether a request passed something else than a linked id yet (logged at WARN the first time only). */
    private static final AtomicBoolean ODD_ARGUMENT_SEEN = new AtomicBoolean();

    /** An Asterisk channel id: an optional system name and a dash, then seconds since the epoch, a dot, a sequence. */
    static final Pattern ASTERISK_ID = Pattern.compile(
            "(?:([A-Za-z0-9_.-]{1,40})-)?(\\d{9,12})\\.(\\d{1,10})");

    /** The order of two ids of one system: by epoch, then by sequence. */
    private static int compare(Matcher a, Matcher b) {
        int byEpoch = Long.compare(Long.parseLong(a.group(2)), Long.parseLong(b.group(2)));
        return byEpoch != 0 ? byEpoch : Long.compare(Long.parseLong(a.group(3)), Long.parseLong(b.group(3)));
    }

    /**
     * The answer in one round trip (see {@link AgiCommands#setAll}), HOTLINE_ROUTE last: the dialplan
     * acts on the route only, so an answer broken off half way (the socket gone, or one variable at a
     * time) leaves no route, and the call takes the fallback instead of a route whose queue or forward
     * numbers never came.
     */
    private static void answer(AgiChannel channel, CallIntake.Answer answer) throws AgiException {
        Routing r = answer.routing();
        Map<String, String> vars = new LinkedHashMap<>();
        if (r.route() == Routing.Route.QUEUE) {
            vars.put("HOTLINE_QUEUE", r.queue());
        }
        // the chain goes with QUEUE too: the queue's overflow needs no second request
        List<OnDuty> chain = r.forward();
        vars.put("HOTLINE_FORWARD_COUNT", Integer.toString(chain.size()));
        for (int i = 0; i < chain.size(); i++) {
            vars.put("HOTLINE_FORWARD_" + (i + 1), chain.get(i).mobile());
        }
        vars.put("HOTLINE_TICKET", answer.ticketNumber());
        vars.put("HOTLINE_ROUTED_AT", RoutedAt.show(r.at())); // the AMI side takes office hours and shift from it
        vars.put("HOTLINE_ROUTE", r.route().name());
        AgiCommands.setAll(channel, vars);
    }
}

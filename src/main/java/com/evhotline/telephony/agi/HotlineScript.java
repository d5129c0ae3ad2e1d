package com.evhotline.telephony.agi;

import static com.evhotline.common.Text.blankToNull;

import com.evhotline.call.service.CallIntake;
import com.evhotline.roster.RosterService.OnDuty;
import com.evhotline.routing.Routing;
import java.util.List;
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
    static final java.util.regex.Pattern VALID_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        if (!VALID_ID.matcher(linkedId).matches()) {
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
     * one round trip less than asking for it. Null when there is no usable first argument (another
     * dialplan, or one that passed something else): the script then asks the channel.
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
        if (first != null && !VALID_ID.matcher(first).matches()) {
            LOG.warnf("FastAGI request from %s passes '%.80s' where the dialplan passes the linked id: asking the channel",
                    request.getRemoteAddress(), first);
            return null;
        }
        return first;
    }

    private static void answer(AgiChannel channel, CallIntake.Answer answer) throws AgiException {
        Routing r = answer.routing();
        AgiCommands.set(channel, "HOTLINE_ROUTE", r.route().name());
        if (r.route() == Routing.Route.QUEUE) {
            AgiCommands.set(channel, "HOTLINE_QUEUE", r.queue());
        }
        // the chain goes with QUEUE too: the queue's overflow needs no second request
        List<OnDuty> chain = r.forward();
        AgiCommands.set(channel, "HOTLINE_FORWARD_COUNT", Integer.toString(chain.size()));
        for (int i = 0; i < chain.size(); i++) {
            AgiCommands.set(channel, "HOTLINE_FORWARD_" + (i + 1), chain.get(i).mobile());
        }
        AgiCommands.set(channel, "HOTLINE_TICKET", answer.ticketNumber());
    }
}

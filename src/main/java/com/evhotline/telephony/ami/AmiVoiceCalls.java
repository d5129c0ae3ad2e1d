package com.evhotline.telephony.ami;

import com.evhotline.delivery.VoiceCalls;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;

/**
 * Voice notices as AMI {@code Originate}s into {@code hotline-notify} (telephony/extensions.conf): the PBX dials
 * the number through the trunk's dial pattern, reads the ticket number out and asks for 1; the key press comes
 * back as {@code UserEvent HotlineNoticeAck}. The Originate is asynchronous: the PBX answers once it has queued
 * the call, so "sent" means placed; its {@code OriginateResponse} event later says whether it was answered
 * ({@link AmiGateway} hands it to the delivery worker, which tries an unanswered call again).
 */
@ApplicationScoped
public class AmiVoiceCalls implements VoiceCalls {

    /** How long the phone rings before the PBX gives up (a little more than the dialplan's ring time). */
    static final long RING_MILLIS = 40_000;
    /** The Originate's ActionID, which its {@code OriginateResponse} carries back: the message and the attempt. */
    static final java.util.regex.Pattern ACTION_ID = java.util.regex.Pattern.compile("hotline-voice-([1-9][0-9]{0,17})-([1-9][0-9]{0,4})");

    /** How long the PBX may take to say it has queued the call. */
    static final long ANSWER_MILLIS = 10_000;

    private final AmiGateway gateway;
    private final AmiConfig config;

    public AmiVoiceCalls(AmiGateway gateway, AmiConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    @Override
    public boolean configured() {
        return config.host().isPresent();
    }

    @Override
    public Uni<String> call(long messageId, int attempt, String number, String ticketNumber) { // null: being placed
        OriginateAction o = new OriginateAction();
        o.setChannel("Local/" + number + "@hotline-notify-dial");
        o.setContext("hotline-notify");
        o.setExten("s");
        o.setPriority(1);
        o.setTimeout(RING_MILLIS);
        o.setAsync(true); // a waiting Originate would hold the AMI session (pings, resyncs) until answered
        o.setActionId("hotline-voice-" + messageId + "-" + attempt); // its OriginateResponse says whether it was answered
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("HOTLINE_NOTICE_ID", Long.toString(messageId));
        if (ticketNumber != null) {
            vars.put("HOTLINE_NOTICE_TICKET", ticketNumber);
        }
        o.setVariables(vars);
        return Uni.createFrom().item(() -> {
                    ManagerResponse r = gateway.send(o, ANSWER_MILLIS);
                    return r instanceof ManagerError || !"Success".equalsIgnoreCase(r.getResponse())
                            ? "the PBX refused to place the call: " + r.getMessage() : (String) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(e -> "the PBX could not be asked to call: " + e.getMessage());
    }
}

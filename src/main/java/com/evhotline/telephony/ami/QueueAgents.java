package com.evhotline.telephony.ami;

import com.evhotline.common.Problem;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.jboss.logging.Logger;

/**
 * Puts agents' phones into the agents' queue and takes them out, pauses and unpauses them, through AMI
 * {@code QueueAdd}, {@code QueuePause} and {@code QueueRemove}; and reads the queue's members with
 * {@code QueueStatus} (after each login to the PBX, and when an answer shows that what we knew was out of
 * date). The actions block on the PBX's answer, so they run on worker threads. A phone already in the queue
 * at login, or already out of it at logout, is what was asked for, not a failure.
 */
@ApplicationScoped
public class QueueAgents {

    private static final Logger LOG = Logger.getLogger(QueueAgents.class);
    /** How long the PBX may take to answer an action. */
    static final long ANSWER_MILLIS = 10_000;

    private final AmiGateway gateway;
    private final AgentStates states;

    public QueueAgents(AmiGateway gateway, AgentStates states) {
        this.gateway = gateway;
        this.states = states;
    }

    /** Adds the phone to the queue, not paused, as member {@code memberName} (the agent's login username). */
    public Uni<Void> add(String device, String memberName) {
        QueueAddAction add = new QueueAddAction(states.queue(), device);
        add.setMemberName(memberName);
        add.setStateInterface(device);
        add.setPaused(false);
        return onWorker(() -> {
            String refused = refusal(send(add));
            if (refused != null && !refused.contains("Already there")) {
                throw refused("log your phone in to the queue", device, refused);
            }
            if (refused != null) {
                refresh(device); // a member already (restored after a PBX restart, say): as the PBX has it
            }
        });
    }

    /** Pauses the phone in the queue (no calls offered) with the reason supervisors see. */
    public Uni<Void> pause(String device, String reason) {
        QueuePauseAction pause = new QueuePauseAction(device, states.queue(), true);
        pause.setReason(reason);
        return paused(pause, device, "pause");
    }

    /** Ends the phone's pause: calls are offered again. */
    public Uni<Void> unpause(String device) {
        return paused(new QueuePauseAction(device, states.queue(), false), device, "end the pause of");
    }

    /** Takes the phone out of the queue. */
    public Uni<Void> remove(String device) {
        QueueRemoveAction remove = new QueueRemoveAction(states.queue(), device);
        return onWorker(() -> {
            String refused = refusal(send(remove));
            if (refused != null && !refused.contains("Not there")) {
                throw refused("log your phone out of the queue", device, refused);
            }
            if (refused != null) {
                refresh(device); // out already: what we knew was out of date
            }
        });
    }

    /**
     * Reads the queue's members from the PBX and takes its word for them (blocking). Called on a worker
     * thread after every login to the PBX: events missed while the link or either side was down are lost, the
     * list is not.
     */
    void refreshAll() {
        try {
            refresh(null);
        } catch (RuntimeException e) {
            LOG.warnf("AMI QueueStatus after login failed (%s); agents' states follow the next events", e.getMessage());
        }
    }

    private Uni<Void> paused(QueuePauseAction action, String device, String doing) {
        return onWorker(() -> {
            String refused = refusal(send(action));
            if (refused != null) {
                if (refused.contains("not found")) {
                    refresh(device);
                }
                throw refused(doing + " your phone", device, refused);
            }
        });
    }

    /** The queue's members, or one phone's membership, as the PBX lists them now (blocking). */
    private void refresh(String onlyDevice) {
        QueueStatusAction status = new QueueStatusAction();
        status.setQueue(states.queue());
        if (onlyDevice != null) {
            status.setMember(onlyDevice);
        }
        ResponseEvents answer = gateway.sendForEvents(status, ANSWER_MILLIS);
        String refused = refusal(answer.getResponse());
        if (refused != null) {
            LOG.warnf("AMI QueueStatus refused: %s", refused);
            return;
        }
        List<MemberReport> members = answer.getEvents().stream()
                .filter(QueueMemberEvent.class::isInstance)
                .map(e -> QueueMemberEvents.listed((QueueMemberEvent) e))
                .toList();
        states.listed(members, onlyDevice);
    }

    private ManagerResponse send(ManagerAction action) {
        return gateway.send(action, ANSWER_MILLIS);
    }

    /** The PBX's message when it refused the action, or null when it did it. */
    private static String refusal(ManagerResponse r) {
        if (r == null) {
            return "no answer";
        }
        return r instanceof ManagerError || !"Success".equalsIgnoreCase(r.getResponse())
                ? String.valueOf(r.getMessage()) : null;
    }

    private Problem refused(String doing, String device, String message) {
        if (message.contains("No such queue")) {
            return new Problem(502, "Bad Gateway", "the PBX has no queue '" + states.queue() + "' (the queue"
                    + " hotline.agi.queue names must be in queues.conf); ask an administrator");
        }
        if (message.contains("not found") || message.contains("Not there")) {
            return Problem.conflict("your phone " + device + " is not in queue '" + states.queue() + "': log in first");
        }
        if (message.contains("not dynamic")) {
            return Problem.conflict("your phone " + device + " is a fixed member of queue '" + states.queue()
                    + "' (queues.conf), which the PBX does not let the service remove; ask an administrator");
        }
        return new Problem(502, "Bad Gateway", "the PBX refused to " + doing + " (" + device + "): " + message);
    }

    /** Runs the blocking AMI exchange on a worker thread; no link (or no answer) is a 503 saying so. */
    private static Uni<Void> onWorker(Runnable exchange) {
        return Uni.createFrom().item(() -> {
                    exchange.run();
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(IllegalStateException.class).transform(e -> new Problem(503, "Service Unavailable",
                        e.getMessage() + "; the PBX link is needed for the queue: try again when it is back"
                                + " (/q/health/group/pbx shows it)"));
    }
}

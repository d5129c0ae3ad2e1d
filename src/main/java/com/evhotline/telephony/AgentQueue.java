package com.evhotline.telephony;

import com.evhotline.common.Problem;
import com.evhotline.common.Text;
import com.evhotline.security.CurrentUser;
import com.evhotline.staff.Staff;
import com.evhotline.staff.repository.StaffRepository;
import com.evhotline.telephony.ami.AgentStates;
import com.evhotline.telephony.ami.AmiConfig;
import com.evhotline.telephony.ami.AmiGateway;
import com.evhotline.telephony.ami.QueueAgents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An agent's queue login, pause (with a reason) and logout for their own phone (staff data's device), and the
 * queue's members for supervisors: what the API and the console call. Every answer is the state the PBX
 * reports; after an action it is the state the PBX confirmed, or, if its event is late, the last it reported.
 */
@ApplicationScoped
public class AgentQueue {

    /** A queue member and, when their phone is in staff data, the person. */
    public record Member(AgentState state, String staffName) {
    }

    /** How long an action waits for the PBX's event that confirms it. */
    static final Duration CONFIRM = Duration.ofSeconds(3);
    static final int REASON_MAX = 80;

    private final StaffRepository staff;
    private final QueueAgents agents;
    private final AgentStates states;
    private final AmiGateway gateway;
    private final AmiConfig config;

    public AgentQueue(StaffRepository staff, QueueAgents agents, AgentStates states, AmiGateway gateway,
            AmiConfig config) {
        this.staff = staff;
        this.agents = agents;
        this.states = states;
        this.gateway = gateway;
        this.config = config;
    }

    /** The caller's phone in the queue. */
    public Uni<AgentState> state(CurrentUser who) {
        return phoneOf(who).map(device -> states.of(device).withStaffId(who.staffId()));
    }

    /** Puts the caller's phone into the queue, not paused; a phone already there stays as it is. */
    public Uni<AgentState> login(CurrentUser who) {
        return act(who, device -> agents.add(device, who.username()), AgentState::loggedIn);
    }

    /** Pauses the caller's phone: no calls are offered until the pause ends; supervisors see the reason. */
    public Uni<AgentState> pause(CurrentUser who, String reason) {
        String why = checkedReason(reason);
        return act(who, device -> agents.pause(device, why), s -> s.paused() && why.equals(s.reason()));
    }

    public Uni<AgentState> unpause(CurrentUser who) {
        return act(who, agents::unpause, s -> s.loggedIn() && !s.paused());
    }

    /** Takes the caller's phone out of the queue; one already out is what was asked for. */
    public Uni<AgentState> logout(CurrentUser who) {
        return act(who, agents::remove, s -> !s.loggedIn());
    }

    /** Every member of the queue the PBX reports, with the person whose phone it is. */
    public Uni<List<Member>> members() {
        requireLink();
        return Panache.withSession(staff::activeWithDevices).map(people -> {
            Map<String, Staff> byDevice = people.stream().collect(Collectors.toMap(p -> p.device, Function.identity()));
            return states.all().stream().map(s -> {
                Staff p = byDevice.get(s.device());
                return new Member(s.withStaffId(p == null ? null : p.id), p == null ? null : p.name);
            }).toList();
        });
    }

    private Uni<AgentState> act(CurrentUser who, Function<String, Uni<Void>> action, Predicate<AgentState> done) {
        return phoneOf(who).chain(device -> action.apply(device)
                .chain(() -> states.until(device, done, CONFIRM)))
                .map(s -> s.withStaffId(who.staffId()));
    }

    /** The caller's phone from staff data; then the link to the PBX, without which nothing here can be known. */
    private Uni<String> phoneOf(CurrentUser who) {
        Long id = who.staffId();
        return (id == null ? Uni.createFrom().<Staff>nullItem() : Panache.withSession(() -> staff.findById(id)))
                .map(person -> {
                    if (person == null || person.device == null) {
                        throw Problem.conflict("no phone (device) on record for you; an administrator sets it in staff"
                                + " data (PATCH /api/staff/{id} with device, such as PJSIP/1001)");
                    }
                    requireLink();
                    return person.device;
                });
    }

    private void requireLink() {
        if (config.host().isEmpty()) {
            throw new Problem(503, "Service Unavailable", "the service has no PBX link configured (HOTLINE_AMI_HOST),"
                    + " so there is no queue to log in to; ask an administrator");
        }
        if (gateway.link() != AmiGateway.Link.UP) {
            throw new Problem(503, "Service Unavailable", "no link to the PBX now (" + gateway.link()
                    + (gateway.lastError() == null ? "" : ": " + gateway.lastError())
                    + "); the queue is the PBX's, so try again when the link is back (/q/health/group/pbx shows it)");
        }
    }

    /** The pause's reason: one line of at most {@value #REASON_MAX} characters, trimmed. */
    static String checkedReason(String raw) {
        String reason = Text.blankToNull(raw);
        if (reason == null) {
            throw Problem.invalid("reason: say why you pause (a break, training, after-call work); supervisors see it");
        }
        if (reason.codePointCount(0, reason.length()) > REASON_MAX) {
            throw Problem.invalid("reason: at most " + REASON_MAX + " characters; this one has "
                    + reason.codePointCount(0, reason.length()));
        }
        if (reason.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
            throw Problem.invalid("reason: one line of text, without line breaks or tabs");
        }
        return reason;
    }
}

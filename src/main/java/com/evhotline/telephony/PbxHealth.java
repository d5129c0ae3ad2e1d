package com.evhotline.telephony;

import com.evhotline.call.service.CallIntake;
import com.evhotline.telephony.ami.AmiConfig;
import com.evhotline.telephony.ami.AmiGateway;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The PBX side in a health group of its own ({@code /q/health/group/pbx}): the AMI link (none
 * configured, logging in, up or down), calls seen but not yet written, calls the routing script
 * answered whose tickets still wait for the database, and whether the PBX's CDRs arrive (checked at
 * every CDR reconciliation). The HTTP service is not less alive for it.
 */
@HealthGroup("pbx")
@ApplicationScoped
public class PbxHealth implements HealthCheck {

    private final AmiGateway ami;
    private final AmiConfig config;
    private final CallIntake intake;
    private final com.evhotline.call.service.OpenTickets open;
    /** Every answered call is on its ticket a few ms later; one waiting longer means the database is slow or down. */
    private final com.evhotline.telephony.agi.HotlineAgiServer agi;

    private final com.evhotline.call.service.CdrReconciler cdrs;

    public PbxHealth(AmiGateway ami, AmiConfig config, CallIntake intake, com.evhotline.telephony.agi.HotlineAgiServer agi,
            com.evhotline.call.service.OpenTickets open, com.evhotline.call.service.CdrReconciler cdrs) {
        this.cdrs = cdrs;
        this.open = open;
        this.agi = agi;
        this.ami = ami;
        this.config = config;
        this.intake = intake;
    }

    @Override
    public HealthCheckResponse call() {
        AmiGateway.Link link = ami.link();
        int waiting = intake.awaitingDatabase();
        long late = intake.awaitingDatabaseLongerThan(CallIntake.SLOW);
        boolean listening = agi.listening();
        String lastError = ami.lastError();
        Instant lastWriteAt = ami.lastWriteAt();
        HealthCheckResponseBuilder r = HealthCheckResponse.named("pbx")
                .status(link == AmiGateway.Link.UP && late == 0 && listening)
                .withData("fastAgi", listening ? "listening" : "NOT LISTENING: calls take the dialplan's fallback")
                .withData("amiLink", config.host().isEmpty() ? "not configured (HOTLINE_AMI_HOST)" : link.name())
                .withData("amiLogins", ami.logins())
                .withData("callsNotYetWritten", ami.unwritten())
                .withData("callsAwaitingDatabase", waiting)
                .withData("callsAwaitingDatabaseOver5s", late)
                .withData("openTicketsKnown", open.known())
                .withData("callsNotJournalled", intake.notJournalled())
                .withData("callsLostInADropAwaitingTheirCdr", ami.lostAwaitingCdr());
        if (lastError != null) {
            r.withData("lastError", lastError);
        }
        if (lastWriteAt != null) {
            r.withData("lastWriteAt", lastWriteAt.toString());
        }
        com.evhotline.call.service.CdrReconciler.CdrFeed feed = cdrs.feed();
        if (feed != null) {
            r.withData("cdrs", feed.describe());
            r.withData("cdrNewest", feed.newestCdr() == null ? "none" : feed.newestCdr().toString());
            r.withData("cdrCheckedAt", feed.checkedAt().toString());
        }
        return r.build();
    }
}

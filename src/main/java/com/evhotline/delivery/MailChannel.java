package com.evhotline.delivery;

import com.evhotline.notification.Outbox.Message;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * E-mail through the Quarkus Mailer (QUARKUS_MAILER_*): one message per recipient, the ticket number in the
 * subject. On only when a sender address is configured and the mailer is not the mock (which it is by default
 * in dev and test mode).
 */
@ApplicationScoped
public class MailChannel {

    private final ReactiveMailer mailer;
    private final boolean configured;

    public MailChannel(ReactiveMailer mailer) {
        this.mailer = mailer;
        var config = ConfigProvider.getConfig();
        // the mailer mocks by default in dev and test mode: a mocked e-mail must not count as sent
        boolean mocked = config.getOptionalValue("quarkus.mailer.mock", Boolean.class)
                .orElse(LaunchMode.current() != LaunchMode.NORMAL);
        this.configured = config.getOptionalValue("quarkus.mailer.from", String.class).filter(f -> !f.isBlank())
                .isPresent() && !mocked;
    }

    public boolean configured() {
        return configured;
    }

    /** Sends; answers null when the mail server took it, else why not. */
    public Uni<String> send(Message m, String link) {
        return send(Mail.withText(m.address(), MessageText.mailSubject(m), MessageText.mailBody(m, link))
                .addHeader("X-Hotline-Message", Long.toString(m.id())));
    }

    /** Sends any message of the service (with its attachments); answers null when the mail server took it, else why not. */
    public Uni<String> send(Mail mail) {
        return mailer.send(mail).replaceWith((String) null)
                .onFailure().recoverWithItem(e -> "the mail server refused or could not be reached: " + e.getMessage());
    }
}

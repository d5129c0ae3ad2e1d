package com.evhotline.delivery;

import com.evhotline.notification.Outbox.Message;

/** What a message says on a phone or in a mailbox: its subject, the ticket, and the link that acknowledges it. */
final class MessageText {

    private MessageText() {
    }

    static String sms(Message m, String link) {
        return "[Hotline] " + m.subject() + " Acknowledge: " + link;
    }

    /** The ticket number leads the subject, so a mailbox sorts and finds by it. */
    static String mailSubject(Message m) {
        String head = m.ticketNumber() == null ? "[Hotline] " : "[" + m.ticketNumber() + "] ";
        String subject = head + m.subject();
        return subject.length() <= 200 ? subject : subject.substring(0, 199) + "…";
    }

    static String mailBody(Message m, String link) {
        return "Dear " + (m.recipientName() == null ? "colleague" : m.recipientName()) + ",\n\n"
                + m.subject() + "\n\n"
                + (m.ticketNumber() == null ? "" : "Ticket: " + m.ticketNumber() + "\n")
                + "Acknowledge that you have seen this: " + link + "\n\n"
                + "-- the after-sales hotline\n";
    }
}

package com.evhotline.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (GreenMail) the service sends its e-mail to, for the whole test run. */
public final class TestMail {

    private static GreenMail mail;

    private TestMail() {
    }

    public static synchronized GreenMail get() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
        }
        return mail;
    }
}

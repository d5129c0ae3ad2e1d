package com.evhotline.support;

import com.evhotline.support.ami.FakeAmiServer;

/** The tests' PBX: one fake Asterisk AMI server for the whole run, which every service under test logs in to. */
public final class FakePbx {

    public static final String USERNAME = "hotline";
    public static final String SECRET = "ami-test-secret";
    private static FakeAmiServer ami;

    private FakePbx() {
    }

    public static synchronized FakeAmiServer ami() {
        if (ami == null) {
            ami = FakeAmiServer.start(USERNAME, SECRET);
            Runtime.getRuntime().addShutdownHook(new Thread(ami::close, "fake-ami-stop"));
        }
        return ami;
    }
}

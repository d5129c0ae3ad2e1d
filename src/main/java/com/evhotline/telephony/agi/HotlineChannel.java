package com.evhotline.telephony.agi;

import org.asteriskjava.fastagi.AgiChannelFactory;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiReader;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiWriter;
import org.asteriskjava.fastagi.internal.AgiChannelImpl;

/**
 * Asterisk-Java's channel, less the {@code AJ_AGISTATUS} variable the library sets after every script:
 * the hotline's dialplan reads Asterisk's own {@code AGISTATUS} and {@code HOTLINE_ROUTE} (a script
 * that fails sets no route, so the call takes the fallback), and that one more {@code SET VARIABLE} was
 * a round trip in every call, the caller waiting in silence through each one.
 */
final class HotlineChannel extends AgiChannelImpl {

    static final String LIBRARY_STATUS = "AJ_AGISTATUS";
    static final AgiChannelFactory FACTORY = HotlineChannel::new;

    private HotlineChannel(AgiRequest request, AgiWriter writer, AgiReader reader) {
        super(request, writer, reader);
    }

    @Override
    public void setVariable(String name, String value) throws AgiException {
        if (!LIBRARY_STATUS.equals(name)) {
            super.setVariable(name, value);
        }
    }
}

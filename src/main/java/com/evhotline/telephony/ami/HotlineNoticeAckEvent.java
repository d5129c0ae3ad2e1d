package com.evhotline.telephony.ami;

import org.asteriskjava.manager.event.UserEvent;

/** {@code UserEvent(HotlineNoticeAck,Notice: <message id>)}: the listener of a voice notice pressed 1. */
public class HotlineNoticeAckEvent extends UserEvent {

    private static final long serialVersionUID = 1L;
    private String notice;

    public HotlineNoticeAckEvent(Object source) {
        super(source);
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }
}

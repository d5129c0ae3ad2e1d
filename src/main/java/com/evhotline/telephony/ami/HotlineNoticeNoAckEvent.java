package com.evhotline.telephony.ami;

import org.asteriskjava.manager.event.UserEvent;

/**
 * {@code UserEvent(HotlineNoticeNoAck,Notice: <message id>)}: a voice notice was played three times and 1 was
 * not pressed (a voicemail, or nobody listening): the call answered, but nobody was reached.
 */
public class HotlineNoticeNoAckEvent extends UserEvent {

    private static final long serialVersionUID = 1L;
    private String notice;

    public HotlineNoticeNoAckEvent(Object source) {
        super(source);
    }

    public String getNotice() {
        return notice;
    }

    public void setNotice(String notice) {
        this.notice = notice;
    }
}

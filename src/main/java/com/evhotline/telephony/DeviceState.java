package com.evhotline.telephony;

/** A phone's state as the PBX reports it for a queue member ({@code Status} 0 to 8, Asterisk's device states). */
public enum DeviceState {
    UNKNOWN, NOT_INUSE, INUSE, BUSY, INVALID, UNAVAILABLE, RINGING, RINGINUSE, ONHOLD;

    /** The state of the PBX's number; UNKNOWN for none or one it does not define. */
    public static DeviceState of(Integer status) {
        DeviceState[] all = values();
        return status == null || status < 0 || status >= all.length ? UNKNOWN : all[status];
    }
}

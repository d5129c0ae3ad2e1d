package com.evhotline.call;

import java.time.Instant;

/**
 * What the PBX said about one channel of a call, in our own words (the AMI gateway translates
 * Asterisk's events into these). {@code at} is the PBX's own timestamp of the event.
 */
public record PbxEvent(Kind kind, Instant at, String linkedId, String uniqueId, String channel, String context,
        String callerNum, String peerUniqueId, String name, String value) {

    /** The events the call tracker needs; everything else is dropped before it is queued. */
    public enum Kind {
        /**
         * a channel was created ({@code context} is where it starts; {@code name} its state, {@code Down} for a
         * channel created to be dialled out, {@code Ring} for one calling in), or entered the hotline's dialplan
         * ({@code name} null).
         */
        NEW_CHANNEL,
        /** the channel's caller id became known. */
        CALLER_ID,
        /** the caller joined queue {@code name}. */
        QUEUE_JOIN,
        /** the caller left queue {@code name} (answered, timed out or hung up). */
        QUEUE_LEAVE,
        /** the caller hung up while waiting in queue {@code name}. */
        QUEUE_ABANDON,
        /** an agent ({@code name} = member name, {@code value} = interface) took the call from the queue. */
        AGENT_CONNECT,
        /** the call dialled channel {@code peerUniqueId}; {@code value} = the number dialled. */
        DIAL_BEGIN,
        /** a dial to {@code peerUniqueId} ended with status {@code value} (ANSWER, NOANSWER, CANCEL, …). */
        DIAL_END,
        /** dialplan variable {@code name} was set to {@code value} on the channel. */
        VAR_SET,
        /** the channel hung up. */
        HANGUP,
        /**
         * the channel is up right now (an answer to CoreShowChannels after a reconnect); {@code name} is the
         * application it is in ({@code AppDial}, {@code AppQueue} for a channel dialled by the call), {@code value}
         * its bridge.
         */
        SNAPSHOT
    }
}

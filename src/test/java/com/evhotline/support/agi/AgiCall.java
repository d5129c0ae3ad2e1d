package com.evhotline.support.agi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One inbound call as Asterisk presents it to a FastAGI script: its environment and its channel. */
public record AgiCall(String callerId, String linkedId, String uniqueId, String channel, String extension,
                      String context, String script, List<String> arguments, List<String> extraLines, String localAddress,
                      Duration timeout, boolean withoutMSet) {

    /** The value Asterisk sends for a withheld caller number (and for an unset name, DNID or RDNIS). */
    public static final String UNKNOWN = "unknown";

    public AgiCall {
        Objects.requireNonNull(linkedId, "linkedId is required: it answers GET VARIABLE CHANNEL(linkedid)");
        Objects.requireNonNull(timeout, "timeout");
        uniqueId = uniqueId == null ? linkedId : uniqueId;
        arguments = List.copyOf(arguments);
        extraLines = List.copyOf(extraLines);
    }

    /** Places the call against a FastAGI server; never throws for network trouble (see {@link AgiResult#error()}). */
    public AgiResult run(String host, int port) {
        return AgiSession.run(this, host, port);
    }

    /**
     * The {@code agi_} lines (without their newline) in the order Asterisk 22.10.1 sends them for
     * {@code AGI(agi://host:port/script,arg1,...)}: the arguments last, as {@code agi_arg_1} and on
     * (res_agi's setup_env); the last line is followed by an empty line on the wire.
     */
    public List<String> environment(String host, int port) {
        List<String> lines = new ArrayList<>();
        add(lines, "agi_network", "yes");
        add(lines, "agi_network_script", script);
        add(lines, "agi_request", "agi://" + host + ":" + port + "/" + script);
        add(lines, "agi_channel", channel);
        add(lines, "agi_language", "en");
        add(lines, "agi_type", channel.contains("/") ? channel.substring(0, channel.indexOf('/')) : channel);
        add(lines, "agi_uniqueid", uniqueId);
        add(lines, "agi_version", "22.10.1");
        add(lines, "agi_callerid", callerId);
        add(lines, "agi_calleridname", UNKNOWN);
        add(lines, "agi_callingpres", "0");
        add(lines, "agi_callingani2", "0");
        add(lines, "agi_callington", "0");
        add(lines, "agi_callingtns", "0");
        add(lines, "agi_dnid", UNKNOWN);
        add(lines, "agi_rdnis", UNKNOWN);
        add(lines, "agi_context", context);
        add(lines, "agi_extension", extension);
        add(lines, "agi_priority", "4");
        add(lines, "agi_enhanced", "0.0");
        add(lines, "agi_accountcode", "");
        add(lines, "agi_threadid", "140149214234304");
        for (int i = 0; i < arguments.size(); i++) {
            add(lines, "agi_arg_" + (i + 1), arguments.get(i));
        }
        lines.addAll(extraLines);
        return lines;
    }

    private static void add(List<String> lines, String key, String value) {
        lines.add(key + ": " + value);
    }

    /** Fluent defaults: a caller from the trunk dialling the hotline number into {@code hotline-in}. */
    public static final class Builder {
        private String callerId = "+8613800001001";
        private String linkedId;
        private String uniqueId;
        private String channel = "PJSIP/trunk-00000001";
        private String extension = "4008001234";
        private String context = "hotline-in";
        private String script = "hotline";
        private String localAddress;
        private final List<String> arguments = new ArrayList<>();
        private final List<String> extraLines = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(5);
        private boolean withoutMSet;

        Builder() {
        }

        public Builder callerId(String callerId) {
            this.callerId = callerId;
            return this;
        }

        /** A withheld number: Asterisk sends {@code agi_callerid: unknown}. */
        public Builder withheldCallerId() {
            return callerId(UNKNOWN);
        }

        public Builder linkedId(String linkedId) {
            this.linkedId = linkedId;
            return this;
        }

        public Builder uniqueId(String uniqueId) {
            this.uniqueId = uniqueId;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder extension(String extension) {
            this.extension = extension;
            return this;
        }

        public Builder context(String context) {
            this.context = context;
            return this;
        }

        public Builder script(String script) {
            this.script = script;
            return this;
        }

        /** An argument of the dialplan's {@code AGI()} call, after those already given. */
        public Builder argument(String argument) {
            this.arguments.add(argument);
            return this;
        }

        /** A line of the environment block after Asterisk's own (what no Asterisk sends: for malformed requests). */
        public Builder extraLine(String line) {
            this.extraLines.add(line);
            return this;
        }

        /**
         * The call as the hotline's own dialplan places it ({@code telephony/extensions.conf}): the
         * linked id passed as the first argument, so the script need not ask for it.
         */
        public Builder linkedIdAsArgument() {
            return argument(Objects.requireNonNull(linkedId, "set the linked id first"));
        }

        /** Binds the client socket to this local IP (e.g. {@code 127.0.0.2}) so the call comes from there. */
        public Builder localAddress(String localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /** The most the whole call may take, from connect to the server's close. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** A PBX without the {@code MSet} application: {@code EXEC MSet} answers {@code 200 result=-2}. */
        public Builder withoutMSet() {
            this.withoutMSet = true;
            return this;
        }

        public AgiCall build() {
            return new AgiCall(callerId, linkedId, uniqueId, channel, extension, context, script, arguments, extraLines,
                    localAddress, timeout, withoutMSet);
        }

        /** {@code build().run(host, port)}. */
        public AgiResult run(String host, int port) {
            return build().run(host, port);
        }
    }
}

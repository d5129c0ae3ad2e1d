package com.evhotline.telephony.agi;

import java.util.Map;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.jboss.logging.Logger;

/**
 * {@code GET VARIABLE}, {@code SET VARIABLE} and {@code EXEC} as Asterisk-Java's own commands put them on the wire
 * (same quoting: backslash and double quote escaped, newlines dropped, the argument in double quotes),
 * built without the regular expressions the library compiles for every argument of every command:
 * a call's script sends five or more, and the answer to the PBX must not wait on allocation.
 */
final class AgiCommands {

    private static final Logger LOG = Logger.getLogger(AgiCommands.class);

    private AgiCommands() {
    }

    /** The variable's value, or null when the channel has none (Asterisk answers {@code result=0}). */
    static String get(AgiChannel channel, String name) throws AgiException {
        var reply = channel.sendCommand(new Line(getText(name)));
        return reply.getResultCode() == 1 ? reply.getExtra() : null;
    }

    static void set(AgiChannel channel, String name, String value) throws AgiException {
        channel.sendCommand(new Line(setText(name, value)));
    }

    /**
     * Sets the variables in the order given, in one round trip when it can: Asterisk's {@code MSet}
     * application ({@code EXEC "MSet" "A=1,B=2"}), which sets each pair as {@code SET VARIABLE} does, in
     * order, and answers {@code 200 result=0}; the script's answer went out as four to six commands,
     * each a round trip while the caller waits. MSet splits its argument at commas and each pair at
     * {@code =}, and reads quotes, backslashes and brackets as its own syntax, so a value that is empty
     * or has any character outside {@link #PLAIN} (a queue name configured with a space, say) goes as
     * one {@code SET VARIABLE} each instead, as does every value when the PBX has no MSet ({@code result=-2}).
     */
    static void setAll(AgiChannel channel, Map<String, String> variables) throws AgiException {
        String mset = NO_MSET.get() ? null : msetText(variables);
        if (mset != null) {
            var reply = channel.sendCommand(new Line(mset));
            if (reply.getResultCode() == 0) {
                return;
            }
            if (!NO_MSET.getAndSet(true)) {
                LOG.warnf("The PBX answered %s to MSet (has it no MSet application?): answers go one variable at a"
                        + " time until the service restarts", reply.getFirstLine());
            }
        }
        for (Map.Entry<String, String> v : variables.entrySet()) {
            set(channel, v.getKey(), v.getValue());
        }
    }

    /** Whether the PBX refused MSet once: later answers go one SET VARIABLE each without asking again. */
    static final java.util.concurrent.atomic.AtomicBoolean NO_MSET = new java.util.concurrent.atomic.AtomicBoolean();

    /** What MSet's argument parsing leaves as it is (E.164 numbers, ticket numbers, queue and variable names). */
    static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_+.:@/-]+");

    /** The one {@code EXEC MSet} line for these variables, or null when one of them cannot go in it. */
    static String msetText(Map<String, String> variables) {
        StringBuilder pairs = new StringBuilder();
        for (Map.Entry<String, String> v : variables.entrySet()) {
            if (v.getValue() == null || !PLAIN.matcher(v.getKey()).matches() || !PLAIN.matcher(v.getValue()).matches()) {
                return null;
            }
            pairs.append(pairs.length() == 0 ? "" : ",").append(v.getKey()).append('=').append(v.getValue());
        }
        return pairs.length() == 0 ? null : "EXEC " + quote("MSet") + " " + quote(pairs.toString());
    }

    static String getText(String name) {
        return "GET VARIABLE " + quote(name);
    }

    static String setText(String name, String value) {
        return "SET VARIABLE " + quote(name) + " " + quote(value);
    }

    /** Asterisk-Java's {@code escapeAndQuote}: {@code null} is {@code ""}. */
    static String quote(String s) {
        if (s == null) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> {
                    // dropped, as the library does: a newline would end the command
                }
                default -> b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    /** A command whose text is already built. */
    private record Line(String text) implements AgiCommand {

        @Override
        public String buildCommand() {
            return text;
        }

        @Override
        public void setAsteriskVersion(org.asteriskjava.AsteriskVersion version) {
            // the same text for every version
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

package com.evhotline.telephony.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.command.AgiCommand;

/**
 * {@code GET VARIABLE} and {@code SET VARIABLE} as Asterisk-Java's own commands put them on the wire
 * (same quoting: backslash and double quote escaped, newlines dropped, the argument in double quotes),
 * built without the regular expressions the library compiles for every argument of every command:
 * a call's script sends five or more, and those patterns were a quarter of what the service allocated
 * per call.
 */
final class AgiCommands {

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

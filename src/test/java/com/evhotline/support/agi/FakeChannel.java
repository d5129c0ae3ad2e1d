package com.evhotline.support.agi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The channel side of an AGI session: answers each command line the way Asterisk 22's res_agi.c does. */
final class FakeChannel {
    static final String UNKNOWN_COMMAND = "510 Invalid or unknown command\n";
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z_]+)\\((.*)\\)");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]*)}");

    private final AgiCall call;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private boolean hungUp;

    FakeChannel(AgiCall call) {
        this.call = call;
    }

    /** The reply to one command line, with its trailing newline (several lines for a syntax error). */
    String answer(String line) {
        List<String> words = AgiArgs.parse(line);
        if (is(words, "GET", "FULL", "VARIABLE")) {
            return getFullVariable(words);
        } else if (is(words, "GET", "VARIABLE")) {
            return getVariable(words);
        } else if (is(words, "SET", "VARIABLE")) {
            return setVariable(words);
        } else if (is(words, "EXEC")) {
            return exec(words);
        } else if (is(words, "VERBOSE")) {
            return words.size() < 2 ? usage("VERBOSE message level") : "200 result=1\n";
        } else if (is(words, "ANSWER") || is(words, "NOOP")) {
            return "200 result=0\n";
        } else if (is(words, "HANGUP")) {
            return hangup(words);
        }
        return UNKNOWN_COMMAND;
    }

    boolean hungUp() {
        return hungUp;
    }

    Map<String, String> variables() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    private String getVariable(List<String> words) {
        if (words.size() != 3) {
            return usage("GET VARIABLE variablename");
        }
        String value = lookUp(words.get(2));
        return value == null ? "200 result=0\n" : "200 result=1 (" + value + ")\n";
    }

    private String getFullVariable(List<String> words) {
        if (words.size() != 4 && words.size() != 5) {
            return usage("GET FULL VARIABLE expression [channelname]");
        }
        if (words.size() == 5 && !words.get(4).equals(call.channel())) {
            return "200 result=0\n";
        }
        Matcher m = SUBSTITUTION.matcher(words.get(3));
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String value = lookUp(m.group(1));
            m.appendReplacement(text, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(text);
        return "200 result=1 (" + text + ")\n";
    }

    private String setVariable(List<String> words) {
        if (words.size() != 4) {
            return usage("SET VARIABLE variablename value");
        }
        variables.put(words.get(2), words.get(3));
        return "200 result=1\n";
    }

    /**
     * res_agi.c's {@code handle_exec}: {@code 200 result=<the application's return>}, -2 for an
     * application the PBX does not have. Only {@code MSet} is known here, as pbx_variables.c runs it:
     * the options split at commas, each pair at its first {@code =}, set in order; a pair without
     * {@code =} is skipped (Asterisk logs a warning). Quotes, backslashes and brackets inside the options,
     * which MSet reads as its own syntax, are not modelled: the service sends none.
     */
    private String exec(List<String> words) {
        if (words.size() < 2) {
            return usage("EXEC <application> <options>");
        }
        if (!words.get(1).equalsIgnoreCase("MSet") || call.withoutMSet()) {
            return "200 result=-2\n";
        }
        String options = words.size() > 2 ? words.get(2) : "";
        for (String pair : options.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                variables.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return "200 result=0\n";
    }

    private String hangup(List<String> words) {
        if (words.size() > 2) {
            return usage("HANGUP [channelname]");
        }
        if (words.size() == 2 && !words.get(1).equals(call.channel())) {
            return "200 result=-1\n";
        }
        hungUp = true;
        return "200 result=1\n";
    }

    /** A channel function ({@code CHANNEL(linkedid|uniqueid|name)}, names case-insensitive) or a variable set before. */
    private String lookUp(String name) {
        Matcher f = FUNCTION.matcher(name);
        if (f.matches() && f.group(1).equalsIgnoreCase("CHANNEL")) {
            switch (f.group(2).toLowerCase(Locale.ROOT)) {
                case "linkedid":
                    return call.linkedId();
                case "uniqueid":
                    return call.uniqueId();
                case "name":
                    return call.channel();
                default:
                    break;
            }
        }
        return variables.get(name);
    }

    private static boolean is(List<String> words, String... command) {
        if (words.size() < command.length) {
            return false;
        }
        for (int i = 0; i < command.length; i++) {
            if (!words.get(i).equalsIgnoreCase(command[i])) {
                return false;
            }
        }
        return true;
    }

    /** res_agi.c's RESULT_SHOWUSAGE reply; Asterisk-Java reads up to the closing {@code 520 } line. */
    private static String usage(String syntax) {
        return "520-Invalid command syntax.  Proper usage follows:\n"
                + "Usage: " + syntax + "\n"
                + "520 End of proper usage.\n";
    }
}

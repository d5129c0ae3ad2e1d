package com.evhotline.support.agi;

import java.util.ArrayList;
import java.util.List;

/** Splits an AGI command line into words exactly as res_agi.c's {@code parse_args} does. */
final class AgiArgs {

    private AgiArgs() {
    }

    /**
     * Words split on unquoted, unescaped spaces and tabs; {@code "} toggles quoting and is dropped (a quote
     * right after whitespace starts a word, even an empty one); {@code \} makes the next character literal
     * and is dropped.
     */
    static List<String> parse(String line) {
        List<StringBuilder> words = new ArrayList<>();
        boolean quoted = false;
        boolean escaped = false;
        boolean whitespace = true;
        for (char c : line.toCharArray()) {
            if (c == '"' && !escaped) {
                quoted = !quoted;
                if (quoted && whitespace) {
                    words.add(new StringBuilder());
                    whitespace = false;
                }
            } else if ((c == ' ' || c == '\t') && !quoted && !escaped) {
                whitespace = true;
            } else if (c == '\\' && !escaped) {
                escaped = true;
            } else {
                if (whitespace) {
                    words.add(new StringBuilder());
                    whitespace = false;
                }
                words.get(words.size() - 1).append(c);
                escaped = false;
            }
        }
        return words.stream().map(StringBuilder::toString).toList();
    }
}

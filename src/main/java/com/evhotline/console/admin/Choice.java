package com.evhotline.console.admin;

import java.util.Collection;
import java.util.List;

/** One box of a form: its value, and whether it is ticked (as stored, or as just typed). */
public record Choice(String value, boolean chosen) {

    static List<Choice> of(List<String> values, Collection<String> chosen) {
        return values.stream().map(v -> new Choice(v, chosen != null && chosen.contains(v))).toList();
    }
}

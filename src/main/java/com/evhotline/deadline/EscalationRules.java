package com.evhotline.deadline;

import com.evhotline.calendar.Shift;
import com.evhotline.security.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Expands the configured chains into one rule per category, shift, deadline kind, stage and step. */
public final class EscalationRules {

    /** Who is told at one stage (WARNING, BREACH, ESCALATION) and step of a deadline. */
    public record Rule(String category, Shift shift, DeadlineKind kind, String stage, int step, List<String> recipients) {
    }

    private EscalationRules() {
    }

    /** The rules of every category named (as the ticket's category names them, e.g. {@code MAJOR_INCIDENT}). */
    public static List<Rule> expand(Map<String, EscalationConfig.Chain> chains, List<String> categories) {
        if (!chains.containsKey("default")) {
            throw new IllegalStateException("hotline.escalation.chains.default is missing: give at least the default chain");
        }
        List<Rule> rules = new ArrayList<>();
        for (String category : categories) {
            for (Shift shift : Shift.values()) {
                for (DeadlineKind kind : DeadlineKind.values()) {
                    List<String> keys = keys(category, kind, shift);
                    rules.add(new Rule(category, shift, kind, "WARNING", 0, flat(pick(chains, keys, EscalationConfig.Chain::warning))));
                    rules.add(new Rule(category, shift, kind, "BREACH", 0, flat(pick(chains, keys, EscalationConfig.Chain::breach))));
                    List<String> steps = pick(chains, keys, EscalationConfig.Chain::steps);
                    for (int i = 0; i < steps.size(); i++) {
                        rules.add(new Rule(category, shift, kind, "ESCALATION", i + 1, List.of(steps.get(i).split("\\+"))));
                    }
                }
            }
        }
        return rules;
    }

    private static List<String> flat(List<String> who) {
        return who.stream().flatMap(w -> java.util.Arrays.stream(w.split("\\+"))).distinct().toList();
    }

    /**
     * The most particular first: category, deadline kind and shift; then the kind's own chain (who answers
     * for a notice's acknowledgement or a vehicle's arrival is not who answers for a reply); then the
     * category's; last of all the default chain.
     */
    private static List<String> keys(String category, DeadlineKind kind, Shift shift) {
        String c = category.toLowerCase(Locale.ROOT).replace('_', '-');
        String k = kind.name().toLowerCase(Locale.ROOT);
        String s = shift.name().toLowerCase(Locale.ROOT);
        return List.of(c + "-" + k + "-" + s, c + "-" + k, "default-" + k + "-" + s, "default-" + k,
                c + "-" + s, c, "default-" + s, "default");
    }

    private static List<String> pick(Map<String, EscalationConfig.Chain> chains, List<String> keys,
            Function<EscalationConfig.Chain, Optional<List<String>>> stage) {
        for (String key : keys) {
            EscalationConfig.Chain chain = chains.get(key);
            if (chain != null && stage.apply(chain).isPresent()) {
                List<String> who = stage.apply(chain).get().stream().map(String::trim).filter(w -> !w.isEmpty()).toList();
                for (String w : who) {
                    for (String one : w.split("\\+")) {
                        if (!one.equals("assignee") && !one.equals("addressee") && !Roles.ALL.contains(one)) {
                            throw new IllegalStateException("hotline.escalation.chains." + key + ": '" + one
                                    + "' is not 'assignee', 'addressee' or a role " + Roles.ALL);
                        }
                    }
                }
                if (who.isEmpty()) {
                    throw new IllegalStateException("hotline.escalation.chains." + key + ": a stage names nobody");
                }
                return who;
            }
        }
        throw new IllegalStateException("hotline.escalation.chains.default must give warning, breach and steps");
    }
}

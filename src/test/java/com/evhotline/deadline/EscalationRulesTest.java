package com.evhotline.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evhotline.calendar.Shift;
import com.evhotline.ticket.Category;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chains are found by category and shift, then category, then shift, then the default; stage by stage. */
class EscalationRulesTest {

    record Chain(Optional<List<String>> warning, Optional<List<String>> breach, Optional<List<String>> steps)
            implements EscalationConfig.Chain {
        static Chain of(String warning, String breach, String steps) {
            return new Chain(split(warning), split(breach), split(steps));
        }

        static Optional<List<String>> split(String s) {
            return s == null ? Optional.empty() : Optional.of(List.of(s.split(",")));
        }
    }

    static final Map<String, EscalationConfig.Chain> CHAINS = Map.of(
            "default", Chain.of("assignee", "assignee,supervisor", "supervisor,supervisor+leader,leader"),
            "default-night", Chain.of("duty", null, null),
            "major-incident", Chain.of(null, "supervisor,leader", "leader"),
            "complaint-night", Chain.of(null, "duty+leader", null));

    static final List<String> CATEGORIES = java.util.Arrays.stream(Category.values()).map(Enum::name).toList();

    static EscalationRules.Rule rule(Category c, Shift s, String stage, int step) {
        return EscalationRules.expand(CHAINS, CATEGORIES).stream()
                .filter(r -> r.category().equals(c.name()) && r.shift() == s && r.kind() == DeadlineKind.REPLY
                        && r.stage().equals(stage) && r.step() == step)
                .findFirst().orElseThrow();
    }

    @Test
    void shouldFallBackStageByStageFromTheMostSpecificChain() {
        assertEquals(List.of("duty", "leader"), rule(Category.COMPLAINT, Shift.NIGHT, "BREACH", 0).recipients());
        assertEquals(List.of("duty"), rule(Category.COMPLAINT, Shift.NIGHT, "WARNING", 0).recipients(), "from default-night");
        assertEquals(List.of("assignee"), rule(Category.COMPLAINT, Shift.DAY, "WARNING", 0).recipients(), "from default");
        assertEquals(List.of("supervisor", "leader"), rule(Category.MAJOR_INCIDENT, Shift.DAY, "BREACH", 0).recipients());
        assertEquals(List.of("leader"), rule(Category.MAJOR_INCIDENT, Shift.NIGHT, "ESCALATION", 1).recipients());
    }

    @Test
    void shouldMakeEachStepEntryOneStepAndTellBothRolesOfAPlus() {
        assertEquals(List.of("supervisor"), rule(Category.RESCUE, Shift.DAY, "ESCALATION", 1).recipients());
        assertEquals(List.of("supervisor", "leader"), rule(Category.RESCUE, Shift.DAY, "ESCALATION", 2).recipients());
        assertEquals(List.of("leader"), rule(Category.RESCUE, Shift.DAY, "ESCALATION", 3).recipients());
        assertTrue(EscalationRules.expand(CHAINS, CATEGORIES).stream().noneMatch(r -> r.step() > 3));
    }

    @Test
    void shouldRefuseAnUnknownRecipientOrAMissingDefault() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EscalationRules.expand(
                Map.of("default", Chain.of("assignee", "janitor", "leader")), CATEGORIES));
        assertTrue(e.getMessage().contains("'janitor' is not 'assignee', 'addressee' or a role"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> EscalationRules.expand(Map.of("complaint", Chain.of("a", "b", "c")), CATEGORIES));
    }
}

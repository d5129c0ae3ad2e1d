package com.evhotline.deadline;

import java.util.List;

/**
 * The ticket categories the escalation chains are expanded for, by name: the deadline rules are per
 * category, while the categories themselves belong to the tickets (which provide this).
 */
public interface CategoryNames {

    List<String> names();
}

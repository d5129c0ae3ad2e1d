package com.evhotline.ticket;

import com.evhotline.deadline.CategoryNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/** Tells the deadline rules which categories a ticket can have. */
@ApplicationScoped
public class TicketCategories implements CategoryNames {

    @Override
    public List<String> names() {
        return Arrays.stream(Category.values()).map(Enum::name).toList();
    }
}

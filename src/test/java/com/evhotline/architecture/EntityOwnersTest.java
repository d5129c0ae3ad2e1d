package com.evhotline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java side of {@link TableOwnersTest}: an entity's fields are set, its methods that set them called,
 * and its repository's inherited writes (persist, delete, update, flush) called, only in the feature package
 * that owns it. Another
 * package asks the owner for the change by name (a deadline exempted, a notice issued), so the rule
 * about that change lives in one place.
 */
class EntityOwnersTest {

    private static final Set<String> REPOSITORY_WRITES = Set.of("persist", "persistAndFlush", "delete", "deleteAll",
            "deleteById", "update", "flush");

    private static JavaClasses service;

    @BeforeAll
    static void readTheService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.evhotline");
    }

    /** The feature package under com.evhotline a class belongs to ({@code ticket} for ticket.service). */
    private static String feature(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith("com.evhotline.")) {
            return "";
        }
        String rest = p.substring("com.evhotline.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean isEntity(JavaClass c) {
        return c.isAnnotatedWith("jakarta.persistence.Entity");
    }

    private static boolean setsAField(JavaAccess<?> a) {
        return a instanceof JavaFieldAccess f && f.getAccessType() == JavaFieldAccess.AccessType.SET;
    }

    /** An entity's field set. */
    private static final Predicate<JavaAccess<?>> SETS_ENTITY_FIELD = a -> setsAField(a) && isEntity(a.getTargetOwner());

    /** A call to a method of an entity that sets one of its own fields: it changes it, whatever its name. */
    private static final Predicate<JavaAccess<?>> CALLS_ENTITY_MUTATOR = a -> a instanceof JavaMethodCall call
            && isEntity(call.getTargetOwner())
            && call.getTarget().resolveMember().filter(m -> m.getFieldAccesses().stream()
                    .anyMatch(f -> setsAField(f) && f.getTargetOwner().equals(call.getTargetOwner()))).isPresent();

    /** A Panache repository's inherited write. */
    private static final Predicate<JavaAccess<?>> REPOSITORY_WRITE = a -> a instanceof JavaMethodCall
            && REPOSITORY_WRITES.contains(a.getTarget().getName())
            && a.getTargetOwner().isAssignableTo(io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase.class);

    /** The accesses {@code picks} chooses that go from one feature package to another's class, named. */
    private static List<String> trespasses(String verb, Predicate<JavaAccess<?>> picks) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : service) {
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                JavaClass owner = a.getTargetOwner();
                if (!feature(owner).isEmpty() && !feature(owner).equals(feature(c)) && picks.test(a)) {
                    out.add(c.getName() + " " + verb + " " + owner.getSimpleName() + "." + a.getTarget().getName()
                            + " (owned by " + feature(owner) + "/)");
                }
            }
        }
        return List.copyOf(out);
    }

    /** How many accesses anywhere {@code picks} chooses, the owners' own included. */
    private static long seen(Predicate<JavaAccess<?>> picks) {
        return service.stream().flatMap(c -> c.getAccessesFromSelf().stream()).filter(picks).count();
    }

    @Test
    void onlyTheOwnerOfAnEntityChangesIt() {
        assertEquals(List.of(), trespasses("sets", SETS_ENTITY_FIELD));
    }

    @Test
    void onlyTheOwnerOfAnEntityCallsTheMethodsThatChangeIt() {
        assertEquals(List.of(), trespasses("calls", CALLS_ENTITY_MUTATOR));
    }

    @Test
    void onlyTheOwnerOfARepositoryWritesThroughIt() {
        assertEquals(List.of(), trespasses("calls", REPOSITORY_WRITE));
    }

    @Test
    void theRulesSeeWhatTheyLookFor() {
        // a rule that matches nothing proves nothing: the owners' own writes are seen
        assertEquals(true, seen(SETS_ENTITY_FIELD) > 20, "entity fields set: " + seen(SETS_ENTITY_FIELD));
        assertEquals(true, seen(CALLS_ENTITY_MUTATOR) > 3, "entity methods that change it: " + seen(CALLS_ENTITY_MUTATOR));
        assertEquals(true, seen(REPOSITORY_WRITE) > 5, "repository writes: " + seen(REPOSITORY_WRITE));
    }
}

package com.evhotline.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    @Test
    void onlyTheOwnerOfAnEntityChangesIt() {
        Set<String> trespasses = new TreeSet<>();
        for (JavaClass c : service) {
            for (JavaFieldAccess a : c.getFieldAccessesFromSelf()) {
                JavaClass entity = a.getTarget().getOwner();
                if (a.getAccessType() == JavaFieldAccess.AccessType.SET
                        && entity.isAnnotatedWith("jakarta.persistence.Entity") && !feature(entity).equals(feature(c))) {
                    trespasses.add(c.getName() + " sets " + entity.getSimpleName() + "." + a.getTarget().getName()
                            + " (owned by " + feature(entity) + "/)");
                }
            }
        }
        assertEquals(List.of(), List.copyOf(trespasses));
    }

    @Test
    void onlyTheOwnerOfAnEntityCallsTheMethodsThatChangeIt() {
        // a method of an entity that sets one of its own fields changes it, whatever its name
        Set<String> trespasses = new TreeSet<>();
        for (JavaClass c : service) {
            c.getMethodCallsFromSelf().forEach(call -> {
                JavaClass entity = call.getTarget().getOwner();
                if (!entity.isAnnotatedWith("jakarta.persistence.Entity") || feature(entity).equals(feature(c))) {
                    return;
                }
                call.getTarget().resolveMember().ifPresent(m -> {
                    boolean changes = m.getFieldAccesses().stream().anyMatch(a -> a.getAccessType() == JavaFieldAccess.AccessType.SET
                            && a.getTarget().getOwner().equals(entity));
                    if (changes && !m.getName().equals("<init>")) {
                        trespasses.add(c.getName() + " calls " + entity.getSimpleName() + "." + m.getName()
                                + " (owned by " + feature(entity) + "/)");
                    }
                });
            });
        }
        assertEquals(List.of(), List.copyOf(trespasses));
    }

    @Test
    void onlyTheOwnerOfARepositoryWritesThroughIt() {
        Set<String> trespasses = new TreeSet<>();
        for (JavaClass c : service) {
            c.getMethodCallsFromSelf().forEach(call -> {
                JavaClass repository = call.getTarget().getOwner();
                if (REPOSITORY_WRITES.contains(call.getTarget().getName())
                        && repository.isAssignableTo(io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase.class)
                        && !feature(repository).isEmpty() && !feature(repository).equals(feature(c))) {
                    trespasses.add(c.getName() + " calls " + repository.getSimpleName() + "." + call.getTarget().getName()
                            + " (owned by " + feature(repository) + "/)");
                }
            });
        }
        assertEquals(List.of(), List.copyOf(trespasses));
    }

    @Test
    void theRulesSeeWhatTheyLookFor() {
        // a rule that matches nothing proves nothing: the owners' own writes are seen
        long ownWrites = service.stream().flatMap(c -> c.getFieldAccessesFromSelf().stream())
                .filter(a -> a.getAccessType() == JavaFieldAccess.AccessType.SET
                        && a.getTarget().getOwner().isAnnotatedWith("jakarta.persistence.Entity"))
                .count();
        long repositoryWrites = service.stream().flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(m -> REPOSITORY_WRITES.contains(m.getTarget().getName()) && m.getTarget().getOwner()
                        .isAssignableTo(io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase.class))
                .count();
        assertEquals(true, ownWrites > 20, "entity fields set: " + ownWrites);
        assertEquals(true, repositoryWrites > 5, "repository writes: " + repositoryWrites);
    }
}

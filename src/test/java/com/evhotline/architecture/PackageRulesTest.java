package com.evhotline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages point one way: a change to a feature can be made in its package and those above it,
 * never in a circle. Read from the service's own classes (tests and benchmarks excluded).
 */
class PackageRulesTest {

    private static JavaClasses service;

    @BeforeAll
    static void readTheService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.evhotline");
    }

    @Test
    void noCyclesBetweenThePackagesOfTheService() {
        ArchRule rule = slices().matching("com.evhotline.(*)..").should().beFreeOfCycles();
        rule.check(service);
    }

    @Test
    void commonAndDbKnowNoFeature() {
        // any other package of the service is a feature, today's and those still to come
        noClasses().that().resideInAnyPackage("com.evhotline.common..", "com.evhotline.db..")
                .should().dependOnClassesThat(resideInAPackage("com.evhotline..")
                        .and(not(resideInAnyPackage("com.evhotline.common..", "com.evhotline.db.."))))
                .check(service);
    }

    @Test
    void onlyTelephonyTalksAsteriskJava() {
        noClasses().that().resideOutsideOfPackage("com.evhotline.telephony..")
                .should().dependOnClassesThat().resideInAPackage("org.asteriskjava..")
                .check(service);
    }

    @Test
    void qualityIsKnownToNoTicketCallOrDeadline() {
        // the quality department's reports read tickets; the ticket's own work never waits on them
        noClasses().that().resideInAnyPackage("com.evhotline.ticket..", "com.evhotline.call..", "com.evhotline.deadline..")
                .should().dependOnClassesThat().resideInAPackage("com.evhotline.quality..")
                .check(service);
    }

    @Test
    void deadlinesKnowNoTicketCallOrTelephony() {
        noClasses().that().resideInAPackage("com.evhotline.deadline..")
                .should().dependOnClassesThat().resideInAnyPackage("com.evhotline.ticket..", "com.evhotline.call..",
                        "com.evhotline.telephony..")
                .check(service);
    }
}

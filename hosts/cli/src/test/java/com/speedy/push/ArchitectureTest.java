package com.speedy.push;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules between push's own packages, which the module graph cannot state (README, "Modules"): the core (every
 * package but cli) knows nothing of its command-line adapter, and reports through the ports it is given, never by
 * printing. Across modules, maven-enforcer's bannedDependencies hold the rest.
 */
class ArchitectureTest {
    private static final String CLI = "com.speedy.push.cli..";
    private static final JavaClasses PUSH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.speedy.push");

    @Test
    void theCoreDependsNeitherOnTheCliNorOnPicocli() {
        noClasses().that().resideOutsideOfPackage(CLI).should().dependOnClassesThat()
                .resideInAnyPackage(CLI, "picocli..").check(PUSH);
    }

    @Test
    void theCoreNeverPrintsItReportsThroughItsPorts() {
        noClasses().that().resideOutsideOfPackage(CLI).should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err").check(PUSH);
    }

    @Test
    void noProductionClassUsesTheTestbed() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.speedy.testbed..").check(PUSH);
    }
}

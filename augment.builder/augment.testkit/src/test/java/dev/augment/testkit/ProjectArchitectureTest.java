package dev.augment.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Augment's own architecture, checked on the main classes of every module. */
class ProjectArchitectureTest {

  private static JavaClasses augment;

  @BeforeAll
  static void importClasses() {
    augment =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.augment");
  }

  @Test
  void theApiDependsOnNothingInCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.augment.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.augment.core..", "dev.augment.testkit..")
        .check(augment);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.augment.(**)").should().beFreeOfCycles().check(augment);
  }

  @Test
  void examplePluginsDependOnlyOnTheApiTheContractAndWhatTheyBundle() {
    classes()
        .that()
        .resideInAnyPackage("dev.augment.example.greeter..", "dev.augment.example.legacy..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.augment.api..",
            "dev.augment.example.contract..",
            "dev.augment.example.greeter..",
            "dev.augment.example.legacy..",
            "com.github.zafarkhaja.semver..",
            "org.slf4j..")
        .check(augment);
  }

  @Test
  void examplePluginsFollowThePluginRules() {
    PluginArchRules.all()
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.augment.example.greeter", "dev.augment.example.legacy"));
  }

  @Test
  void libraryCodeNeverPrintsToTheStandardStreams() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.augment.api..", "dev.augment.core..", "dev.augment.testkit..")
        // The unload check's child JVM reports through its own standard streams.
        .and()
        .doNotHaveFullyQualifiedName(UnloadCheck.class.getName())
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .check(augment);
  }

  @Test
  void coreInternalsStayBehindTheFacade() {
    noClasses()
        .that()
        // augment.tools reads them through core's qualified exports, by design.
        .resideOutsideOfPackages("dev.augment.core..", "dev.augment.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.augment.core.internal..")
        .check(augment);
  }
}

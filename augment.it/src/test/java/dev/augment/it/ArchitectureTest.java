package dev.augment.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.augment.api.Api;
import dev.augment.testkit.PluginArchRules;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Augment's own architecture, checked on the main classes of every one of its jars: the modules in
 * the boot layer and the jars on the test class path (the Maven plugin, the fixtures, the example
 * plugins). Every rule first proves that it saw the classes it is about, so an import that finds
 * nothing fails instead of passing.
 */
class ArchitectureTest {

  /** Each part of Augment by its package, with the fewest classes it has had since it existed. */
  private static final Map<String, Integer> PARTS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("dev.augment.api", 10),
              Map.entry("dev.augment.core", 60),
              Map.entry("dev.augment.tools", 5),
              Map.entry("dev.augment.cli", 5),
              Map.entry("dev.augment.testkit", 4),
              Map.entry("dev.augment.maven", 3),
              Map.entry("dev.augment.fixtures", 2),
              Map.entry("dev.augment.example.contract", 3),
              Map.entry("dev.augment.example.host", 3),
              Map.entry("dev.augment.example.greeter", 1),
              Map.entry("dev.augment.example.legacy", 1),
              Map.entry("dev.augment.example.metrics", 1),
              Map.entry("dev.augment.example.accesslog", 1),
              Map.entry("dev.augment.example.storage", 4),
              Map.entry("dev.augment.example.notes", 1),
              Map.entry("dev.augment.example.counter", 1)));

  private static final String[] EXAMPLE_PLUGINS = {
    "dev.augment.example.greeter..",
    "dev.augment.example.legacy..",
    "dev.augment.example.metrics..",
    "dev.augment.example.accesslog..",
    "dev.augment.example.storage..",
    "dev.augment.example.notes..",
    "dev.augment.example.counter.."
  };

  /** The plugins an example plugin builds on, by the API package each may use: only that one. */
  private static final Map<String, String> BUILDS_ON =
      Map.of(
          "dev.augment.example.notes..", "dev.augment.example.storage.api..",
          "dev.augment.example.counter..", "dev.augment.example.storage.api..");

  private static JavaClasses augment;

  @BeforeAll
  static void importEveryJar() {
    Set<Path> locations = new LinkedHashSet<>();
    for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
      if (m.name().startsWith("augment.")) {
        m.reference().location().map(Path::of).ifPresent(locations::add);
      }
    }
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("augment"))
        .map(Path::of)
        .forEach(locations::add);
    List<Location> jarsAndFolders = new ArrayList<>();
    for (Path p : locations) {
      if (p.toString().endsWith(".jar")) {
        try {
          jarsAndFolders.add(Location.of(new JarFile(p.toFile())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        jarsAndFolders.add(Location.of(p));
      }
    }
    augment =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(jarsAndFolders)
            .that(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "in dev.augment",
                    (JavaClass c) -> c.getPackageName().startsWith("dev.augment")));
  }

  @Test
  void everyPartOfAugmentWasImported() {
    List<String> missing = new ArrayList<>();
    PARTS.forEach(
        (pkg, fewest) -> {
          long found =
              augment.stream()
                  .filter(
                      c ->
                          c.getPackageName().equals(pkg)
                              || c.getPackageName().startsWith(pkg + "."))
                  .count();
          if (found < fewest) {
            missing.add(pkg + ": " + found + " classes, expected at least " + fewest);
          }
        });
    assertTrue(missing.isEmpty(), missing.toString());
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
    for (String plugin : EXAMPLE_PLUGINS) {
      String own = plugin.substring(0, plugin.length() - 2);
      classes()
          .that()
          .resideInAPackage(plugin)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "dev.augment.api..",
              "dev.augment.example.contract..",
              own + "..",
              // The exported API of the plugin it builds on (manifest "dependencies"), if any.
              BUILDS_ON.getOrDefault(plugin, own + ".."),
              // What the example plugins bundle in their zips: java-semver, t-digest.
              "com.github.zafarkhaja.semver..",
              "com.tdunning..",
              "org.slf4j..")
          .check(augment);
    }
  }

  @Test
  void onlyStorageExportsAPackageAndOnlyItsApi() {
    // The example plugin jars are modules of this test's boot layer (and, run from the class path,
    // jars on it): read each descriptor, since ArchUnit does not read module-info.class.
    Set<Path> jars = new LinkedHashSet<>();
    for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
      m.reference().location().map(Path::of).ifPresent(jars::add);
    }
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .forEach(jars::add);
    Map<String, Set<String>> exports = new TreeMap<>();
    for (Path p : jars) {
      String file = p.getFileName().toString();
      if (file.startsWith("augment-example-")
          && !file.startsWith("augment-example-contract")
          && !file.startsWith("augment-example-host")
          && file.endsWith(".jar")) {
        java.lang.module.ModuleDescriptor d =
            java.lang.module.ModuleFinder.of(p).findAll().iterator().next().descriptor();
        if (!d.isAutomatic()) {
          Set<String> packages = new java.util.TreeSet<>();
          d.exports().forEach(e -> packages.add(e.source()));
          exports.put(d.name(), packages);
        }
      }
    }
    assertTrue(exports.size() >= 6, "the explicit example plugins were found: " + exports);
    exports.forEach(
        (module, packages) ->
            assertEquals(
                module.equals("augment.example.storage")
                    ? Set.of("dev.augment.example.storage.api")
                    : Set.of(),
                packages,
                module + " exports"));
  }

  @Test
  void examplePluginsFollowThePluginRules() {
    PluginArchRules.all().check(augment.that(inAnyPackage(EXAMPLE_PLUGINS)));
  }

  @Test
  void libraryCodeNeverPrintsToTheStandardStreams() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.augment.api..", "dev.augment.core..", "dev.augment.testkit..")
        // The unload check's child JVM reports through its own standard streams.
        .and()
        .doNotHaveFullyQualifiedName("dev.augment.testkit.UnloadCheck")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .check(augment);
  }

  @Test
  void coreInternalsStayBehindTheFacade() {
    noClasses()
        .that()
        // augment.tools runs the load pipeline through core's qualified exports, by design.
        .resideOutsideOfPackages("dev.augment.core..", "dev.augment.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.augment.core.internal..")
        .check(augment);
  }

  @Test
  void theToolsUseOnlyTheLoadPipelineOfCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.augment.tools..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.augment.core.internal.archive..",
            "dev.augment.core.internal.checks..",
            "dev.augment.core.internal.host..",
            "dev.augment.core.internal.layer..",
            "dev.augment.core.internal.lifecycle..",
            "dev.augment.core.internal.manifest..",
            "dev.augment.core.internal.policy..")
        .check(augment);
  }

  @Test
  void everyPublicTypeOfAnInternalPackageIsMarkedInternal() {
    classes()
        .that()
        .resideInAPackage("dev.augment.core.internal..")
        .and()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(Api.Internal.class)
        .check(augment);
  }

  @Test
  void everyPublicTypeOfAnExportedPackageCarriesItsStability() {
    classes()
        .that()
        .resideInAnyPackage(
            "dev.augment.api",
            "dev.augment.core",
            "dev.augment.core.host",
            "dev.augment.tools",
            "dev.augment.testkit")
        .and()
        .arePublic()
        .and()
        .areNotAnnotations()
        .should()
        .beAnnotatedWith(Api.Stable.class)
        .orShould()
        .beAnnotatedWith(Api.Experimental.class)
        .orShould()
        .beAnnotatedWith(Api.Internal.class)
        .check(augment);
  }

  private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> inAnyPackage(
      String... patterns) {
    return JavaClass.Predicates.resideInAnyPackage(patterns);
  }
}

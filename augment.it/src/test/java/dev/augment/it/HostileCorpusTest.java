package dev.augment.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.Capability;
import dev.augment.core.HostDescription;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.Rule;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.Layers;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures;
import dev.augment.it.HostileCorpus.Case;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hostile corpus of issue 12 ({@link HostileCorpus}) in one plugin folder, judged by a host,
 * {@link Layers#load}, the {@link PluginVerifier} and {@code augment list --json} with the
 * mechanism of {@link SameVerdictTest}: every hostile plugin is refused with its rule and a message
 * naming plugin, file and rule; every healthy one loads; nothing is written outside the caches; no
 * code of a plugin that calls {@code System.exit} (directly, by reflection, a method handle or a
 * method reference) ever runs, so the host cannot exit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {

  /** The rules only a host applies: a standalone load knows no capabilities, contract or peers. */
  private static final Set<Rule> HOST_ONLY =
      EnumSet.of(Rule.UNKNOWN_CAPABILITY, Rule.CAPABILITY_DENIED, Rule.SETUP_FAILED);

  /** The rules that need plugin code to run: the verifier and {@code list} cannot see them. */
  private static final Set<Rule> RUNTIME = EnumSet.of(Rule.PROVIDER_FAILED, Rule.SETUP_FAILED);

  /** Bombs by the corpus host's limits that the default limits of a standalone load allow. */
  private static final Set<String> SMALLER_THAN_THE_DEFAULTS =
      Set.of("a-bomb-size.zip", "a-bomb-count.zip");

  @TempDir static Path tmp;
  private static Path plugins;
  private static List<Case> cases;
  private static Map<String, PluginFailure> hostVerdicts;
  private static List<String> hostLoaded;
  private static Path hostFile;
  private static Set<String> before;

  static PluginHostBuilder<Object> builder() {
    return PluginHost.builder(Fixtures.contract())
        .parentLayer(Fixtures.hostLayer())
        .cacheDirectory(tmp.resolve("host-cache"))
        .folder(plugins)
        .archiveLimits(
            new HostDescription.ArchiveLimits(
                HostileCorpus.MAX_ENTRIES, HostileCorpus.MAX_BYTES, HostileCorpus.MAX_RATIO))
        .capability(Capability.named("db").modules("java.sql").build())
        .capability(
            Capability.named("pings")
                .events(Fixtures.contractClass("fixture.contract.Ping"))
                .build())
        .providerTimeout(Duration.ofMillis(1_500))
        .lifecycleTimeouts(Duration.ofMillis(1_500), Duration.ofMillis(1_500));
  }

  @BeforeAll
  static void corpus() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    cases = HostileCorpus.write(plugins, Files.createDirectories(tmp.resolve("work")));
    Fixtures.probe().clear();
    before = outsideTheCaches();
    try (PluginHost<Object> host = builder().build()) {
      hostVerdicts = new LinkedHashMap<>();
      host.reload().failures().forEach(f -> hostVerdicts.put(EntryPoints.fileOf(plugins, f), f));
      hostLoaded =
          host.getAll().stream().map(p -> p.source().getFileName().toString()).sorted().toList();
      hostFile = tmp.resolve("host.json");
      HostDescriptions.write(builder().describe(), hostFile);
    }
  }

  @Test
  @Order(1)
  void theCorpusCoversEveryCategoryOfTheIssue() {
    Map<String, Long> byCategory = new TreeMap<>();
    cases.forEach(c -> byCategory.merge(c.category(), 1L, Long::sum));
    assertEquals(
        Set.of("archive", "behaviour", "healthy", "manifest", "module"), byCategory.keySet());
    assertTrue(cases.size() >= 60, cases.size() + " cases: " + byCategory);
  }

  @Test
  @Order(2)
  void theHostRefusesEachHostilePluginWithItsRuleAndLoadsEveryHealthyOne() {
    List<String> wrong = new java.util.ArrayList<>();
    for (Case c : cases) {
      PluginFailure f = hostVerdicts.get(c.file());
      if (c.rule() == null && !hostLoaded.contains(c.file())) {
        wrong.add(c.file() + " does not load: " + (f == null ? "?" : f.message()));
      } else if (c.rule() != null && f == null) {
        wrong.add(c.file() + " is not refused");
      } else if (c.rule() != null && (c.rule() != f.rule() || !f.message().contains(c.words()))) {
        wrong.add(c.file() + ": expected " + c.rule() + " '" + c.words() + "', got " + f.message());
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(
        cases.stream().filter(c -> c.rule() == null).count(),
        hostLoaded.size(),
        "only the healthy load: " + hostLoaded);
  }

  @Test
  @Order(3)
  void everyMessageNamesThePluginTheFileAndTheRuleAndNeitherTheCacheNorRawControlCharacters() {
    for (PluginFailure f : hostVerdicts.values()) {
      String m = f.message();
      assertTrue(m.startsWith("plugin '" + f.plugin() + "' ("), m);
      assertTrue(f.file().startsWith(plugins), f.file() + " is in the plugin folder");
      assertTrue(m.contains(f.file().getFileName().toString()), m);
      assertTrue(m.contains("broke rule [" + f.rule().code() + "]"), m);
      assertFalse(m.contains(tmp.resolve("host-cache").toString()), m);
      assertFalse(m.contains(".extracting-"), m);
      assertTrue(m.chars().allMatch(ch -> ch >= 0x20 && ch != 0x7f), m);
    }
  }

  @Test
  @Order(4)
  void noCodeOfAPluginThatCallsExitEverRan() {
    // The policy refused them before a class was defined: the host could not have exited.
    assertEquals(List.of(), Fixtures.probe().stream().filter(l -> l.startsWith("ran ")).toList());
  }

  @Test
  @Order(5)
  void aStandaloneLoadSaysWhatTheHostSays() {
    for (Case c : cases) {
      Path path = plugins.resolve(c.file());
      if (SMALLER_THAN_THE_DEFAULTS.contains(c.file())) {
        // Layers.load has the default limits, which these bombs stay under.
        try (PluginLayer layer = load(path)) {
          assertTrue(!layer.isClosed(), c.file() + " loads alone, under the default limits");
        }
      } else if (c.rule() != null
          && !HOST_ONLY.contains(c.rule())
          && c.rule() != Rule.PROVIDER_FAILED) {
        PluginLoadException e =
            assertThrows(PluginLoadException.class, () -> load(path), c.file() + " is refused");
        EntryPoints.assertSame(hostVerdicts.get(c.file()), e.failure());
      } else if (c.rule() == Rule.PROVIDER_FAILED) {
        try (PluginLayer layer = load(path)) {
          PluginLoadException e =
              assertThrows(PluginLoadException.class, () -> layer.services(Fixtures.contract()));
          assertEquals(Rule.PROVIDER_FAILED, e.rule(), e.getMessage());
        }
      } else {
        try (PluginLayer layer = load(path)) {
          assertTrue(!layer.isClosed(), c.file() + " loads alone");
        }
      }
    }
  }

  @Test
  @Order(6)
  void theVerifierSaysWhatTheHostSaysAndMaySayMore() {
    PluginVerifier verifier =
        new PluginVerifier(HostDescriptions.read(hostFile), List.of(Fixtures.contractJar()));
    for (Case c : cases) {
      VerifyReport report = verifier.verify(plugins.resolve(c.file()));
      if (c.rule() == null || RUNTIME.contains(c.rule())) {
        assertEquals(List.of(), report.problems(), c.file() + " passes the static checks");
      } else {
        EntryPoints.assertContains(report.problems(), hostVerdicts.get(c.file()));
      }
    }
  }

  @Test
  @Order(7)
  void augmentListSaysWhatTheHostSaysForTheWholeFolder() {
    Map<String, JsonNode> byFile = EntryPoints.list(hostFile, plugins);
    for (Case c : cases) {
      JsonNode n = byFile.get(c.file());
      assertTrue(n != null, c.file() + " is listed: " + byFile.keySet());
      if (c.rule() == null || RUNTIME.contains(c.rule())) {
        assertTrue(n.get("loads").asBoolean(), c.file() + " loads: " + n);
      } else {
        EntryPoints.assertListed(n, hostVerdicts.get(c.file()), c.file());
      }
    }
  }

  @Test
  @Order(8)
  void nothingIsWrittenOutsideTheCachesByAnyEntryPoint() throws IOException {
    assertEquals(before, outsideTheCaches());
    for (Path dir : List.of(tmp, tmp.resolve("host-cache"), tmp.resolve("standalone-cache"))) {
      try (Stream<Path> walk = Files.walk(dir)) {
        List<Path> escaped =
            walk.filter(
                    p ->
                        p.getFileName().toString().startsWith(HostileCorpus.ESCAPED)
                            || p.getFileName().toString().startsWith(".extracting-"))
                .toList();
        assertEquals(List.of(), escaped);
      }
    }
    // The caches hold content-addressed copies, their integrity sums and Augment's dot-folders.
    for (Path dir : List.of(tmp.resolve("host-cache"), tmp.resolve("standalone-cache"))) {
      try (Stream<Path> top = Files.list(dir)) {
        List<String> other =
            top.map(p -> p.getFileName().toString())
                .filter(n -> !n.matches("(d-)?[0-9a-f]{64}(\\.sum)?|\\.[a-z][a-z-]*"))
                .toList();
        assertEquals(List.of(), other, dir.toString());
      }
    }
    Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
    for (String name : List.of("absolute.txt", "dotdot.txt", "inner.txt", "backslash.txt")) {
      assertFalse(Files.exists(Path.of("/tmp", HostileCorpus.ESCAPED + name)), name);
      assertFalse(Files.exists(systemTemp.resolve(HostileCorpus.ESCAPED + name)), name);
    }
  }

  /** Every path under the test's folder but the caches: the plugin folder, its parent, scratch. */
  private static Set<String> outsideTheCaches() throws IOException {
    try (Stream<Path> walk = Files.walk(tmp)) {
      return walk.map(p -> tmp.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith("host-cache") && !p.startsWith("standalone-cache"))
          .filter(p -> !p.equals("host.json"))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  private static PluginLayer load(Path path) {
    return Layers.load(path, Fixtures.hostLayer(), tmp.resolve("standalone-cache"));
  }
}

package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.hostLayer;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static dev.augment.fixtures.Fixtures.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.Layers;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import dev.augment.fixtures.Fixtures.GreeterJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compatibility, capabilities and the bytecode policy: all checked before plugin code runs. */
class ChecksTest {

  /** Every fixture provider's constructor records that plugin code ran. */
  private static final String RAN = "fixture.contract.Probe.LOG.add(\"ran\");";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void clean() throws IOException {
    probe().clear();
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins);
  }

  private void plugin(String name, GreeterJar jar, String extraManifest) {
    String module = "fixture.chk" + name.replace("-", "");
    Path built = jar.writeTo(tmp.resolve("j-" + name));
    pluginDir(
        plugins.resolve(name),
        extraManifest == null
            ? manifest(name, "1.0.0", module)
            : manifest(name, "1.0.0", module, extraManifest),
        built);
  }

  private GreeterJar jar(String name) {
    return greeterJar("fixture.chk" + name.replace("-", "")).constructor(RAN);
  }

  private static Map<String, PluginFailure> failures(PluginHost<?> host) {
    Map<String, PluginFailure> byName = new java.util.TreeMap<>();
    host.failures().forEach(f -> byName.put(f.plugin(), f));
    return byName;
  }

  @Test
  void aPluginDeclaringAnUnknownCapabilityIsRefused() {
    plugin("curious", jar("curious"), "\"capabilities\":[\"root.access\"]");
    try (PluginHost<Object> host =
        builder().capability(Capability.named("clock").build()).build()) {
      host.reload();
      PluginFailure f = failures(host).get("curious");
      assertEquals(Rule.UNKNOWN_CAPABILITY, f.rule());
      assertTrue(f.message().contains("'root.access'") && f.message().contains("[clock]"));
      assertEquals(List.of(), probe(), "no plugin code ran");
    }
  }

  @Test
  void anExplicitModuleMayRequireOnlyWhatItsCapabilitiesGrant() {
    plugin("nodb", jar("nodb").requires("java.sql", null), null);
    plugin("withdb", jar("withdb").requires("java.sql", null), "\"capabilities\":[\"db\"]");
    try (PluginHost<Object> host =
        builder().capability(Capability.named("db").modules("java.sql").build()).build()) {
      host.reload();
      assertEquals(List.of("withdb"), host.getAll().stream().map(Plugin::name).toList());
      PluginFailure f = failures(host).get("nodb");
      assertEquals(Rule.CAPABILITY_DENIED, f.rule());
      assertTrue(
          f.message()
              .contains(
                  "(module fixture.chknodb) reads modules its capabilities [] do not grant: [requires java.sql]"),
          f.message());
      CapabilityAudit audit = host.audit("withdb").orElseThrow();
      assertEquals(List.of("db"), audit.declared());
      assertEquals("db", audit.granted().get(0).name());
      assertTrue(audit.requiredModules().contains("java.sql"), audit.toString());
      assertTrue(audit.readableModules().containsAll(Set.of("java.base", "java.sql")));
      assertTrue(host.audit("nodb").isEmpty());
      assertEquals(1, probe().size(), "only the granted plugin ran: " + probe());
    }
  }

  @Test
  void aPlainJarMayReferenceOnlyPackagesItsCapabilitiesGrant() {
    plugin(
        "plainsql",
        jar("plainsql").plain().body("return String.valueOf(java.sql.Connection.class);"),
        null);
    plugin(
        "plainok",
        jar("plainok").plain().body("return String.valueOf(java.sql.Connection.class);"),
        "\"capabilities\":[\"db\"]");
    try (PluginHost<Object> host =
        builder().capability(Capability.named("db").modules("java.sql").build()).build()) {
      host.reload();
      PluginFailure f = failures(host).get("plainsql");
      assertEquals(Rule.CAPABILITY_DENIED, f.rule());
      assertTrue(f.message().contains("uses java.sql of module java.sql"), f.message());
      assertTrue(host.audit("plainok").orElseThrow().referencedModules().contains("java.sql"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "exit | System.exit(3); return \"\"; | exit | calls java.lang.System.exit",
        "halt | Runtime.getRuntime().halt(1); return \"\"; | exit | calls java.lang.Runtime.halt",
        "field | try { java.lang.reflect.Field f = String.class.getDeclaredField(\"value\");"
            + " f.setAccessible(true); } catch (Exception e) { } return \"\";"
            + " | set-accessible | calls java.lang.reflect.Field.setAccessible",
        "tryset | try { return String.valueOf(String.class.getDeclaredMethod(\"length\")"
            + ".trySetAccessible()); } catch (Exception e) { return \"\"; }"
            + " | set-accessible | trySetAccessible",
        "methodref | java.util.function.IntConsumer c = System::exit; return \"\";"
            + " | exit | calls java.lang.System.exit",
        "unsafe | try { return String.valueOf(Class.forName(\"sun.misc.Unsafe\")); }"
            + " catch (Exception e) { return \"\"; } | unsafe | uses sun.misc.Unsafe",
        "pool | java.util.concurrent.Executors.newFixedThreadPool(2); return \"\";"
            + " | threads | Executors.newFixedThreadPool",
        "process | try { new ProcessBuilder(\"true\").start(); } catch (Exception e) { }"
            + " return \"\"; | processes | ProcessBuilder.start",
      })
  void theBytecodePolicyRefusesForbiddenCallsBeforeAnyCodeRuns(
      String name, String body, String rule, String what) {
    plugin(name, jar(name).body(body), null);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      PluginFailure f = failures(host).get(name);
      assertEquals(Rule.POLICY, f.rule(), String.valueOf(host.failures()));
      assertTrue(f.message().contains("rule [" + rule + "]"), f.message());
      assertTrue(f.message().contains(what), f.message());
      assertTrue(f.message().contains("fixture.chk" + name + ".Impl.greet (line "), f.message());
      assertTrue(f.file().toString().endsWith(".jar"), "names the jar: " + f.file());
      assertEquals(List.of(), probe(), "no plugin code ran");
    }
  }

  @Test
  void aThreadSubclassStartedByThePluginIsSeenAsAThread() {
    plugin(
        "worker",
        jar("worker")
            .source(
                "fixture/chkworker/Worker.java",
                "package fixture.chkworker; class Worker extends Thread {}")
            .body("new Worker().start(); return \"\";"),
        null);
    plugin(
        "allowed",
        jar("allowed")
            .source(
                "fixture/chkallowed/Worker.java",
                "package fixture.chkallowed; class Worker extends Thread {}")
            .body("new Worker().start(); return \"\";"),
        "\"capabilities\":[\"threads\"]");
    try (PluginHost<Object> host =
        builder().capability(Capability.named("threads").permits("threads").build()).build()) {
      host.reload();
      PluginFailure f = failures(host).get("worker");
      assertEquals(Rule.POLICY, f.rule());
      assertTrue(f.message().contains("Worker.start"), f.message());
      assertTrue(f.message().contains("waives it"), f.message());
      assertEquals(List.of("allowed"), host.getAll().stream().map(Plugin::name).toList());
    }
  }

  @Test
  void anUnreadableClassFileIsALayoutFailure() throws IOException {
    plugin("garbled", jar("garbled"), null);
    Path jar;
    try (var files = Files.list(plugins.resolve("garbled/modules"))) {
      jar = files.findFirst().orElseThrow();
    }
    Path patched = tmp.resolve("garbled.jar");
    try (var in = new java.util.zip.ZipFile(jar.toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(patched))) {
      for (var e : java.util.Collections.list(in.entries())) {
        out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith("Impl.class")) {
          bytes = java.util.Arrays.copyOf(bytes, 40);
        }
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.copy(patched, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      PluginFailure f = failures(host).get("garbled");
      assertEquals(Rule.LAYOUT, f.rule(), f.message());
      assertTrue(f.message().contains("not a readable class file"), f.message());
    }
  }

  @Test
  void aVerdictRecordedInTheCacheIsNeverUsedUnderOtherRules() throws IOException {
    plugin("exiter", jar("exiter").body("System.exit(1); return \"\";"), null);
    // A host that permits System.exit records that these bytes passed under its rules ...
    CapabilityAudit first;
    try (PluginHost<Object> host =
        builder().policy(BytecodePolicy.defaults().without("exit")).build()) {
      host.reload();
      assertEquals(List.of("exiter"), host.getAll().stream().map(Plugin::name).toList());
      first = host.audit("exiter").orElseThrow();
    }
    try (var verdicts = Files.list(tmp.resolve("cache/.checked"))) {
      assertEquals(1, verdicts.count(), "one verdict for one plugin under one set of rules");
    }
    // ... and a host with the default policy, over the same cache, still refuses them.
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      assertEquals(
          Rule.POLICY, failures(host).get("exiter").rule(), String.valueOf(host.failures()));
    }
    // The first host's rules again: the recorded verdict stands, with the same audit.
    try (PluginHost<Object> host =
        builder().policy(BytecodePolicy.defaults().without("exit")).build()) {
      host.reload();
      assertEquals(List.of("exiter"), host.getAll().stream().map(Plugin::name).toList());
      assertEquals(first, host.audit("exiter").orElseThrow());
    }
  }

  @Test
  void aDamagedVerdictCountsAsNone() throws IOException {
    plugin("fine", jar("fine"), null);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
    }
    try (var verdicts = Files.list(tmp.resolve("cache/.checked"))) {
      for (Path v : verdicts.toList()) {
        Files.writeString(v, "augment-checked 1\nrules forged\n");
      }
    }
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      assertEquals(List.of("fine"), host.getAll().stream().map(Plugin::name).toList());
    }
  }

  @Test
  void theHostConfiguresThePolicy() {
    plugin("exiter", jar("exiter").body("System.exit(1); return \"\";"), null);
    plugin(
        "sleeper",
        jar("sleeper")
            .body("try { Thread.sleep(1); } catch (InterruptedException e) { } return \"\";"),
        null);
    BytecodePolicy policy =
        BytecodePolicy.defaults()
            .without("exit")
            .with(PolicyRule.forbid("no-sleep", "plugins never sleep", "java.lang.Thread#sleep"));
    try (PluginHost<Object> host = builder().policy(policy).build()) {
      host.reload();
      assertEquals(List.of("exiter"), host.getAll().stream().map(Plugin::name).toList());
      assertTrue(failures(host).get("sleeper").message().contains("rule [no-sleep]"));
    }
    assertEquals(List.of(), BytecodePolicy.none().rules());
    assertEquals(8, BytecodePolicy.defaults().rules().size());
    assertThrows(IllegalArgumentException.class, () -> PolicyRule.forbid("x", "y", "nohash"));
    assertThrows(IllegalArgumentException.class, () -> PolicyRule.forbid("x", "y", "a#b#c"));
  }

  @Test
  void standaloneLoadsApplyTheDefaultPolicyAndIgnoreCapabilities() {
    plugin("alone", jar("alone").body("System.exit(1); return \"\";"), null);
    PluginLoadException e =
        assertThrows(
            PluginLoadException.class,
            () -> Layers.load(plugins.resolve("alone"), hostLayer(), tmp.resolve("cache")));
    assertEquals(Rule.POLICY, e.rule());
    plugin(
        "declares",
        jar("declares").body("java.util.concurrent.Executors.newCachedThreadPool(); return \"\";"),
        "\"capabilities\":[\"threads\"], \"compatibility\":{\"contract\":\"^9.0.0\"}");
    PluginLoadException waived =
        assertThrows(
            PluginLoadException.class,
            () -> Layers.load(plugins.resolve("declares"), hostLayer(), tmp.resolve("cache")));
    assertEquals(Rule.POLICY, waived.rule(), "a declared capability waives nothing standalone");
    plugin(
        "fine",
        jar("fine"),
        "\"capabilities\":[\"anything\"], \"compatibility\":{\"contract\":\"^9.0.0\"}");
    try (PluginLayer layer =
        Layers.load(plugins.resolve("fine"), hostLayer(), tmp.resolve("cache"))) {
      assertEquals(List.of("anything"), layer.manifest().capabilities());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"augment\":\"^0.1.0\"' | ",
        "'\"augment\":\">=0.1.0 <1.0.0\", \"contract\":\"^1.0.0\"' | ",
        "'\"augment\":\">=9.0.0\"' | needs augment '>=9.0.0', but this host has augment 0.1.0",
        "'\"contract\":\"^2.0.0\"' | needs contract '^2.0.0', but this host has contract 1.0.0",
        "'\"bitkraft\":\"^1.0.0\"' | compatibility names 'bitkraft'",
      })
  void compatibilityIsCheckedAgainstAugmentAndTheContract(String ranges, String refusal) {
    plugin("compat", jar("compat"), "\"compatibility\":{" + ranges + "}");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      if (refusal == null) {
        assertEquals(List.of(), host.failures());
        assertEquals(List.of("ran"), probe());
      } else {
        PluginFailure f = failures(host).get("compat");
        assertEquals(Rule.INCOMPATIBLE, f.rule());
        assertTrue(f.message().contains(refusal), f.message());
        assertEquals(List.of(), probe());
      }
    }
  }

  @Test
  void aDeclaredContractVersionOverridesTheModulesAndItsAbsenceIsReported() {
    plugin("needs", jar("needs"), "\"compatibility\":{\"contract\":\"~2.1\"}");
    try (PluginHost<Object> host = builder().contractVersion(Version.parse("2.1.5")).build()) {
      host.reload();
      assertEquals(List.of(), host.failures());
    }
    try (PluginHost<Runnable> host =
        PluginHost.builder(Runnable.class)
            .parentLayer(hostLayer())
            .cacheDirectory(tmp.resolve("cache"))
            .folder(plugins)
            .build()) {
      host.reload();
      assertTrue(
          failures(host).get("needs").message().contains("declares no contract version"),
          host.failures()::toString);
    }
  }

  @Test
  void anUnparsableRangeIsAManifestError() {
    plugin("badrange", jar("badrange"), "\"compatibility\":{\"augment\":\"^^1\"}");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      PluginFailure f = failures(host).get("badrange");
      assertEquals(Rule.MANIFEST, f.rule());
      assertTrue(f.message().contains("field '/compatibility/augment'"), f.message());
    }
  }

  @Test
  void augmentKnowsItsOwnVersion() {
    assertEquals(Version.parse("0.1.0"), Augment.version());
    assertEquals(Version.parse("1.2.0"), Augment.release("1.2.0-SNAPSHOT"));
  }
}

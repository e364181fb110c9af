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
import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Fixtures.GreeterJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Indirect ways to what the policy forbids (reflection, method handles, classes defined at run
 * time, native code) are refused before any plugin code runs, unless a capability permits them.
 */
class PolicyIndirectTest {

  private static final String RAN = "fixture.contract.Probe.LOG.add(\"ran\");";

  @TempDir Path tmp;
  private Path plugins;

  @BeforeEach
  void clean() throws IOException {
    probe().clear();
    plugins = Files.createDirectories(tmp.resolve("plugins"));
  }

  private PluginHostBuilder<Object> builder() {
    return TestHosts.builder(tmp, plugins)
        .capability(Capability.named("reflective").permits("reflection").build())
        .capability(Capability.named("jni").permits("native").build());
  }

  private static String module(String name) {
    return "fixture.ind" + name;
  }

  private void plugin(String name, GreeterJar jar, String capabilities) {
    Path built = jar.writeTo(tmp.resolve("j-" + name));
    pluginDir(
        plugins.resolve(name),
        capabilities == null
            ? manifest(name, "1.0.0", module(name))
            : manifest(name, "1.0.0", module(name), "\"capabilities\":[" + capabilities + "]"),
        built);
  }

  private static GreeterJar jar(String name) {
    return greeterJar(module(name)).constructor(RAN);
  }

  private static Map<String, PluginFailure> failures(PluginHost<?> host) {
    Map<String, PluginFailure> byName = new TreeMap<>();
    host.failures().forEach(f -> byName.put(f.plugin(), f));
    return byName;
  }

  private static final String LOADER =
      "class Loader extends ClassLoader { Class<?> define(byte[] b) {"
          + " return defineClass(null, b, 0, b.length); } }";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invoke | try { System.class.getMethod(\"exit\", int.class).invoke(null, 3); }"
            + " catch (Exception e) { } return \"\";"
            + " | reflection | calls java.lang.reflect.Method.invoke | Impl.greet",
        "construct | try { return String.valueOf(Class.forName(\"java.lang.ProcessBuilder\")"
            + ".getConstructor(String[].class).newInstance((Object) new String[] {\"true\"})); }"
            + " catch (Exception e) { return \"\"; }"
            + " | reflection | calls java.lang.reflect.Constructor.newInstance | Impl.greet",
        "classnew | try { return String.valueOf(Object.class.newInstance()); }"
            + " catch (Exception e) { return \"\"; }"
            + " | reflection | calls java.lang.Class.newInstance | Impl.greet",
        "fieldset | try { fixture.contract.Probe.class.getField(\"LOG\").set(null, null); }"
            + " catch (Exception e) { } return \"\";"
            + " | reflection | calls java.lang.reflect.Field.set | Impl.greet",
        "findstatic | try { java.lang.invoke.MethodHandles.lookup().findStatic(System.class,"
            + " \"exit\", java.lang.invoke.MethodType.methodType(void.class, int.class))"
            + ".invoke(3); } catch (Throwable e) { } return \"\";"
            + " | reflection | calls java.lang.invoke.MethodHandles$Lookup.findStatic | Impl.greet",
        "unreflect | try { java.lang.invoke.MethodHandles.lookup().unreflect("
            + "System.class.getMethod(\"exit\", int.class)); } catch (Exception e) { }"
            + " return \"\"; | reflection | MethodHandles$Lookup.unreflect | Impl.greet",
        "privatelookup | try { java.lang.invoke.MethodHandles.privateLookupIn(getClass(),"
            + " java.lang.invoke.MethodHandles.lookup()); } catch (Exception e) { } return \"\";"
            + " | reflection | calls java.lang.invoke.MethodHandles.privateLookupIn | Impl.greet",
        "defineclass | try { java.lang.invoke.MethodHandles.lookup().defineClass(new byte[0]); }"
            + " catch (Exception e) { } return \"\";"
            + " | define-class | calls java.lang.invoke.MethodHandles$Lookup.defineClass"
            + " | Impl.greet",
        "hidden | try { java.lang.invoke.MethodHandles.lookup().defineHiddenClass(new byte[0],"
            + " true); } catch (Exception e) { } return \"\";"
            + " | define-class | MethodHandles$Lookup.defineHiddenClass | Impl.greet",
        "urlloader | return String.valueOf(new java.net.URLClassLoader(new java.net.URL[0]));"
            + " | define-class | calls java.net.URLClassLoader.<init> | Impl.greet",
        "newlayer | return String.valueOf(ModuleLayer.defineModulesWithOneLoader(null, null,"
            + " null)); | define-class | calls java.lang.ModuleLayer.defineModulesWithOneLoader"
            + " | Impl.greet",
        "loadlibrary | System.loadLibrary(\"evil\"); return \"\";"
            + " | native | calls java.lang.System.loadLibrary | Impl.greet",
      })
  void indirectCallsAreRefusedBeforeAnyCodeRuns(
      String name, String body, String rule, String call, String where) {
    plugin(name, jar(name).body(body), null);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      PluginFailure f = failures(host).get(name);
      assertEquals(Rule.POLICY, f.rule(), String.valueOf(host.failures()));
      assertTrue(f.message().contains("rule [" + rule + "]"), f.message());
      assertTrue(f.message().contains(call), f.message());
      assertTrue(f.message().contains(module(name) + "." + where + " (line "), f.message());
      assertTrue(f.message().contains("waives it"), f.message());
      assertEquals(List.of(), probe(), "no plugin code ran");
    }
  }

  @Test
  void aClassLoaderSubclassIsSeenDefiningClasses() {
    plugin(
        "subloader",
        jar("subloader")
            .source("fixture/indsubloader/Loader.java", "package fixture.indsubloader; " + LOADER)
            .body("return String.valueOf(new Loader());"),
        null);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      String m = failures(host).get("subloader").message();
      assertTrue(m.contains("fixture.indsubloader.Loader.<init> (line 1) calls"), m);
      assertTrue(m.contains("java.lang.ClassLoader.<init>: rule [define-class]"), m);
      assertTrue(m.contains("Loader.define (line 1) calls fixture.indsubloader.Loader"), m);
      assertTrue(m.contains("defineClass: rule [define-class]"), m);
    }
  }

  @Test
  void theReflectionPermissionWaivesReflectionSetAccessibleAndClassDefinition() {
    String body =
        "try { java.lang.reflect.Method m = String.class.getMethod(\"length\");"
            + " m.setAccessible(true); return String.valueOf(m.invoke(who)); }"
            + " catch (Exception e) { return e.toString(); }";
    GreeterJar reflective =
        jar("reflective")
            .source("fixture/indreflective/Loader.java", "package fixture.indreflective; " + LOADER)
            .body(body);
    plugin("reflective", reflective, "\"reflective\"");
    plugin("undeclared", jar("undeclared").body(body), null);
    plugin("jni", jar("jni").body("System.loadLibrary(\"none\"); return \"\";"), "\"reflective\"");
    plugin("jniok", jar("jniok").body("System.loadLibrary(\"none\"); return \"\";"), "\"jni\"");
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      assertEquals(
          List.of("jniok", "reflective"),
          host.getAll().stream().map(Plugin::name).sorted().toList());
      Object greeter = host.get("reflective").orElseThrow().provider();
      assertEquals("5", Fixtures.greet(greeter, "hello"));
      assertEquals(
          List.of("reflection"), List.copyOf(host.audit("reflective").orElseThrow().permissions()));
      String undeclared = failures(host).get("undeclared").message();
      assertTrue(undeclared.contains("rule [set-accessible]"), undeclared);
      assertTrue(undeclared.contains("rule [reflection]"), undeclared);
      assertTrue(
          failures(host).get("jni").message().contains("rule [native]"),
          "reflection does not permit native code");
    }
  }

  @Test
  void readingClassesAndTheirMembersIsNotRefused() {
    plugin(
        "reader",
        jar("reader")
            .body(
                "try { Class<?> c = Class.forName(\"java.lang.String\");"
                    + " return c.getName() + c.getMethods().length"
                    + " + c.getDeclaredField(\"hash\").getName()"
                    + " + c.getAnnotations().length + c.getConstructor().getParameterCount()"
                    + " + java.lang.invoke.MethodHandles.lookup().lookupClass().getSimpleName()"
                    + " + ((Runnable) () -> { }).getClass().isSynthetic(); }"
                    + " catch (Exception e) { return e.toString(); }"),
        null);
    try (PluginHost<Object> host = builder().build()) {
      host.reload();
      assertEquals(List.of(), host.failures());
      Object greeter = host.get("reader").orElseThrow().provider();
      assertTrue(Fixtures.greet(greeter, "x").startsWith("java.lang.String"));
    }
  }

  @Test
  void standaloneLoadsRefuseReflectionWhateverTheManifestDeclares() {
    plugin(
        "alone",
        jar("alone")
            .body(
                "try { return String.valueOf(Object.class.getConstructor().newInstance()); }"
                    + " catch (Exception e) { return \"\"; }"),
        "\"reflective\"");
    PluginLoadException e =
        assertThrows(
            PluginLoadException.class,
            () -> Layers.load(plugins.resolve("alone"), hostLayer(), tmp.resolve("cache")));
    assertEquals(Rule.POLICY, e.rule());
    assertTrue(e.getMessage().contains("rule [reflection]"), e.getMessage());
  }
}

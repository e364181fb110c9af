package dev.augment.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PolicyRule;
import dev.augment.fixtures.Jars;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ArchUnit rules are the host's policy: the same compiled classes go through the load-time
 * check ({@code ClassScanner} and {@code PolicyCheck}, as a host runs them) and through {@link
 * PluginArchRules}, and each rule flags exactly the classes the policy refuses under it.
 */
class PolicyDerivedRulesTest {

  @TempDir static Path tmp;

  private static final Map<String, String> CASES = new LinkedHashMap<>();
  private static JavaClasses classes;

  /** Each violation the load-time check finds, as class name and rule id. */
  private static List<String[]> refused;

  static {
    CASES.put("Exit", "System.exit(1);");
    CASES.put("HaltReference", "java.util.function.IntConsumer c = Runtime.getRuntime()::halt;");
    CASES.put("FieldOpener", "String.class.getDeclaredField(\"hash\").setAccessible(true);");
    CASES.put("TryOpener", "String.class.getMethod(\"length\").trySetAccessible();");
    CASES.put("UnsafeByName", "Class.forName(\"sun.misc.Unsafe\");");
    CASES.put("Invoker", "System.class.getMethod(\"exit\", int.class).invoke(null, 1);");
    CASES.put(
        "Finder",
        "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\","
            + " java.lang.invoke.MethodType.methodType(void.class, int.class));");
    CASES.put("UrlLoader", "new java.net.URLClassLoader(new java.net.URL[0]);");
    CASES.put("Native", "System.loadLibrary(\"x\");");
    CASES.put("Starter", "new Worker().start();");
    CASES.put("Pool", "java.util.concurrent.Executors.newFixedThreadPool(2);");
    CASES.put("CommonPoolAsync", "java.util.concurrent.CompletableFuture.runAsync(() -> { });");
    CASES.put("Process", "new ProcessBuilder(\"true\").start();");
    CASES.put(
        "OkAsyncOnExecutor",
        "java.util.concurrent.CompletableFuture.runAsync(() -> { }, Runnable::run);");
    CASES.put(
        "OkReading",
        "Class.forName(\"java.lang.String\").getDeclaredMethods();"
            + " String.class.getAnnotations(); List.of(1).parallelStream().count();");
    CASES.put("OkSleep", "Thread.sleep(1);");
  }

  @BeforeAll
  static void compile() throws ReflectiveOperationException {
    Jars jars = Jars.of();
    CASES.forEach(
        (name, body) ->
            jars.source(
                "cases/" + name + ".java",
                "package cases; import java.util.*; public class "
                    + name
                    + " { public void run() throws Throwable { "
                    + body
                    + " } }"));
    jars.source("cases/Worker.java", "package cases; class Worker extends Thread {}");
    Path jar = jars.writeTo(tmp.resolve("cases.jar"));
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      classes = new ClassFileImporter().importJar(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(classes.size() > CASES.size(), "imported " + classes.size() + " classes");
    refused = loadTimeCheck(jar);
  }

  /**
   * Runs the host's check ({@code ClassScanner.scan}, then {@code PolicyCheck.violations}) over a
   * jar. These tests compile on the module path, where augment.core exports its internals only to
   * augment.tools, and run on the class path, where nothing is encapsulated: hence reflection.
   */
  private static List<String[]> loadTimeCheck(Path jar) throws ReflectiveOperationException {
    String pkg = "dev.augment.core.internal.policy.";
    Object scan =
        Class.forName(pkg + "ClassScanner")
            .getMethod("scan", Iterable.class)
            .invoke(null, ModuleFinder.of(jar).findAll());
    List<?> violations =
        (List<?>)
            Class.forName(pkg + "PolicyCheck")
                .getMethod(
                    "violations",
                    BytecodePolicy.class,
                    Class.forName(pkg + "ClassScanner$Scan"),
                    Set.class)
                .invoke(null, BytecodePolicy.defaults(), scan, Set.of());
    List<String[]> found = new ArrayList<>();
    for (Object v : violations) {
      PolicyRule rule = (PolicyRule) v.getClass().getMethod("rule").invoke(v);
      Object ref = v.getClass().getMethod("reference").invoke(v);
      String from = (String) ref.getClass().getMethod("fromClass").invoke(ref);
      found.add(new String[] {from, rule.id()});
    }
    return found;
  }

  private static Set<String> flaggedBy(ArchRule rule) {
    Set<String> flagged = new TreeSet<>();
    for (String name : CASES.keySet()) {
      if (rule.evaluate(classes.that(HasName.Predicates.name("cases." + name))).hasViolation()) {
        flagged.add(name);
      }
    }
    return flagged;
  }

  private static Set<String> refusedUnder(String ruleId) {
    Set<String> names = new TreeSet<>();
    for (String[] v : refused) {
      String name = v[0].substring("cases.".length());
      if ((ruleId == null || v[1].equals(ruleId)) && CASES.containsKey(name)) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void eachArchUnitRuleFlagsExactlyTheClassesThePolicyRefusesUnderIt() {
    for (PolicyRule rule : BytecodePolicy.defaults().rules()) {
      assertEquals(
          refusedUnder(rule.id()), flaggedBy(PluginArchRules.rule(rule)), "rule " + rule.id());
    }
    Set<String> all = refusedUnder(null);
    assertEquals(all, flaggedBy(PluginArchRules.all()));
    assertEquals(13, all.size(), "every case but the Ok ones is refused: " + all);
    assertTrue(all.stream().noneMatch(n -> n.startsWith("Ok")), all::toString);
  }

  @Test
  void permissionsAndCustomRulesCarryOver() {
    BytecodePolicy policy =
        BytecodePolicy.defaults()
            .with(PolicyRule.forbid("no-sleep", "plugins never sleep", "java.lang.Thread#sleep"));
    Set<String> permitted =
        flaggedBy(PluginArchRules.policy(policy, Set.of("threads", "reflection")));
    assertFalse(permitted.contains("Pool") || permitted.contains("Starter"), permitted::toString);
    assertFalse(permitted.contains("Invoker") || permitted.contains("FieldOpener"));
    assertTrue(permitted.containsAll(Set.of("Exit", "Native", "Process", "OkSleep")));
    assertEquals(Set.of(), flaggedBy(PluginArchRules.policy(BytecodePolicy.none(), Set.of())));
  }

  @Test
  void violationsNameTheCallTheLineAndTheRule() {
    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class,
            () -> PluginArchRules.check(classes.that(HasName.Predicates.name("cases.Invoker"))));
    assertTrue(e.getMessage().contains("java.lang.reflect.Method.invoke"), e.getMessage());
    assertTrue(e.getMessage().contains("(Invoker.java:1)"), e.getMessage());
    assertTrue(e.getMessage().contains("rule [reflection]"), e.getMessage());
  }
}

package dev.augment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.HookFailure;
import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's side of extension points: a live view of its dependents' providers. */
class ExtensionViewTest {

  @TempDir Path tmp;
  private Path plugins;
  private GraphPlugins jars;
  private Path api;

  @BeforeEach
  void folders() throws IOException {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    jars = new GraphPlugins(tmp);
    api = jars.api("1.0.0");
    Fixtures.probe().clear();
    Fixtures.kept().clear();
  }

  private static String greet(PluginHost<Object> host, String name) {
    return Fixtures.greet(host.get(name).orElseThrow().provider(), "");
  }

  private static List<String> log(String prefix) {
    return Fixtures.probe().stream().filter(s -> s.startsWith(prefix)).toList();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void anOwnerSeesItsDirectDependentsProvidersAndIsToldWhenTheyChange() throws Exception {
    Path owner = jars.ownerJar(api);
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, owner);
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", dep);
    GraphPlugins.dependent(plugins, "codec-b", "storage", "^1.0.0", dep);
    GraphPlugins.owner(plugins, "other", "1.0.0", api, owner);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      assertEquals(List.of(), host.failures());
      // In its setup the owner saw nothing: its dependents load after it.
      assertEquals(List.of("setup storage@1.0.0 []"), log("setup storage"));
      // reload() returns after the owner's listener ran on its hook thread.
      assertEquals(
          List.of("changed storage@1.0.0 [codec-a sees 1.0.0,codec-b sees 1.0.0]"),
          log("changed storage"));
      assertEquals("storage@1.0.0 [codec-a sees 1.0.0,codec-b sees 1.0.0]", greet(host, "storage"));
      assertEquals("other@1.0.0 []", greet(host, "other"), "not a dependency of theirs");

      Fixtures.deleteTree(plugins.resolve("codec-b"));
      host.reload();
      assertEquals("storage@1.0.0 [codec-a sees 1.0.0]", greet(host, "storage"));
      assertEquals("changed storage@1.0.0 [codec-a sees 1.0.0]", last(log("changed storage")));
      int told = log("changed storage").size();

      host.reload(); // nothing changed: nobody is told
      GraphPlugins.owner(plugins, "unrelated", "1.0.0", api, owner);
      host.reload(); // a change elsewhere: the owner's providers are the same, nobody is told
      assertEquals(told, log("changed storage").size());
    }
  }

  private static String last(List<String> l) {
    return l.get(l.size() - 1);
  }

  @Test
  void theViewHandsOutTheDependentsOwnProviderInstancesAndTheHostTheSame() throws Exception {
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", dep);
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      Object provider = host.get("codec-a").orElseThrow().provider();
      List<?> viewed = view();
      assertEquals(1, viewed.size());
      // The class that provides the contract also provides Codec: one instance, set up once.
      assertSame(provider, viewed.get(0));
      Class<?> codec = codecType(host);
      assertSame(provider, host.extensions(codec).get(0));
      assertSame(host.extensions(codec).get(0), host.extensions(codec).get(0), "not per call");
    }
  }

  /** The current providers of the last view the plugin named storage opened. */
  private static List<?> view() {
    return storageView().current();
  }

  private static dev.augment.api.Extensions<?> storageView() {
    List<dev.augment.api.Extensions<?>> views =
        Fixtures.kept().stream()
            .filter(k -> k instanceof dev.augment.api.Extensions<?>)
            .<dev.augment.api.Extensions<?>>map(k -> (dev.augment.api.Extensions<?>) k)
            .toList();
    return views.get(views.size() - 1);
  }

  private static Class<?> codecType(PluginHost<Object> host) throws ClassNotFoundException {
    return host.get("storage")
        .orElseThrow()
        .provider()
        .getClass()
        .getModule()
        .getLayer()
        .findLoader("st.api")
        .loadClass("st.api.Codec");
  }

  @Test
  void aListenerThatThrowsIsReportedAsAHookFailureAndTheOthersStillRun() throws Exception {
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "throwing", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "throwing", "^1.0.0", dep);
    List<HookFailure> failures = new CopyOnWriteArrayList<>();
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.hooks().listen(HookFailure.class, failures::add);
      host.reload();
      assertEquals(List.of(), host.failures(), "a listener's failure fails no plugin");
      assertEquals(1, failures.size(), failures.toString());
      HookFailure f = failures.get(0);
      assertEquals("throwing", f.plugin());
      assertEquals(dev.augment.api.Extensions.class, f.eventType());
      assertEquals("listener broke", f.error().getMessage());
      assertEquals(List.of("changed throwing@1.0.0 [codec-a sees 1.0.0]"), log("changed"));
    }
  }

  @Test
  void aListenerThatNeverReturnsCostsOneBudgetAndStallsNeitherTheViewNorTheHost() throws Exception {
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "hanging", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "hanging", "^1.0.0", dep);
    List<HookFailure> failures = new CopyOnWriteArrayList<>();
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.hooks().listen(HookFailure.class, failures::add);
      long start = System.nanoTime();
      host.reload();
      long first = System.nanoTime() - start;
      assertEquals(List.of("hanging hanging@1.0.0"), log("hanging"));
      // The stalled listener and the one queued behind it, each reported as overrun.
      assertEquals(2, failures.size(), failures.toString());
      assertTrue(
          failures.stream()
              .allMatch(
                  f ->
                      f.plugin().equals("hanging")
                          && f.error() instanceof java.util.concurrent.TimeoutException),
          failures.toString());
      assertTrue(first < Duration.ofSeconds(20).toNanos(), "one budget: " + first / 1_000_000);
      // The view reads the registry, not the listener: it is up to date while the listener hangs.
      assertEquals("hanging@1.0.0 [codec-a sees 1.0.0]", greet(host, "hanging"));
      GraphPlugins.dependent(plugins, "codec-b", "hanging", "^1.0.0", dep);
      start = System.nanoTime();
      host.reload();
      long second = System.nanoTime() - start;
      assertEquals("hanging@1.0.0 [codec-a sees 1.0.0,codec-b sees 1.0.0]", greet(host, "hanging"));
      assertTrue(
          second < HookBusBudget.millis() * 1_000_000 / 2,
          "the stalled plugin is not waited for again: " + second / 1_000_000 + " ms");
    }
  }

  /** The hook budget, as HookBus states it. */
  private static final class HookBusBudget {
    static long millis() {
      return dev.augment.core.internal.hooks.HookBus.WAIT_BUDGET.toMillis();
    }
  }

  @Test
  void aDependentWhoseExtensionProviderHangsIsRefusedAndTheViewShowsTheOthers() throws Exception {
    Path good = jars.dependentJar(api, "");
    Path hangs =
        jars.dependentJar(
            api, "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", good);
    GraphPlugins.dependent(plugins, "codec-slow", "storage", "^1.0.0", hangs);
    try (PluginHost<Object> host =
        TestHosts.builder(tmp, plugins).providerTimeout(Duration.ofMillis(500)).build()) {
      host.reload();
      assertEquals(1, host.failures().size(), host.failures().toString());
      PluginFailure f = host.failures().get(0);
      assertEquals("codec-slow", f.plugin());
      assertEquals(Rule.PROVIDER_FAILED, f.rule());
      assertTrue(f.message().contains("st.api.Codec"), f.message());
      assertEquals("storage@1.0.0 [codec-a sees 1.0.0]", greet(host, "storage"));
      long start = System.nanoTime();
      host.reload();
      host.reload();
      assertTrue(
          System.nanoTime() - start < Duration.ofMillis(1000).toNanos(),
          "a refused plugin's code is not run again while its bytes are the same");
      assertEquals("storage@1.0.0 [codec-a sees 1.0.0]", greet(host, "storage"));
    }
  }

  @Test
  void aPluginCanOnlyAskForTypesOfItsOwnModulesAndItsViewIsEmptyAfterTeardown() throws Exception {
    Path dep = jars.dependentJar(api, "");
    GraphPlugins.owner(plugins, "storage", "1.0.0", api, jars.ownerJar(api));
    GraphPlugins.dependent(plugins, "codec-a", "storage", "^1.0.0", dep);
    dev.augment.api.Extensions<?> view;
    try (PluginHost<Object> host = TestHosts.builder(tmp, plugins).build()) {
      host.reload();
      view = storageView();
      assertEquals(1, view.current().size());
      // A type of another module (here the JDK's) is not the plugin's to ask for.
      dev.augment.api.PluginContext context = (dev.augment.api.PluginContext) contextOf(host);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> context.extensions(Runnable.class));
      assertTrue(e.getMessage().contains("does not own java.lang.Runnable"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> context.extensions(view.type()), "storage's");
      assertThrows(IllegalArgumentException.class, () -> host.extensions(Runnable.class));
    }
    assertEquals(List.of(), view.current(), "the view of a torn-down plugin is empty");
    assertThrows(IllegalStateException.class, () -> view.onChange(now -> {}));
  }

  /** A plugin context, kept by a plugin that stores it in {@code Probe.KEPT}. */
  private Object contextOf(PluginHost<Object> host) throws Exception {
    Path keeper =
        Fixtures.greeterJar("fixture.keeper")
            .lifecycle("fixture.contract.Probe.KEPT.add(context);", "")
            .writeTo(tmp.resolve("keeper-jar"));
    Fixtures.pluginDir(
        plugins.resolve("keeper"), Fixtures.manifest("keeper", "1.0.0", "fixture.keeper"), keeper);
    host.reload();
    return Fixtures.kept().stream()
        .filter(k -> k instanceof dev.augment.api.PluginContext)
        .findFirst()
        .orElseThrow();
  }
}

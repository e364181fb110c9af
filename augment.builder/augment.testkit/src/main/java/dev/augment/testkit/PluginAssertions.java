package dev.augment.testkit;

import dev.augment.api.Api;
import dev.augment.core.HostDescription;
import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.host.HostDescriptions;
import dev.augment.core.host.PluginHost;
import dev.augment.core.host.PluginHostBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Assertions that a built plugin behaves in a real host: it loads into its own layer, tears down,
 * and unloads: its class loader is collected.
 *
 * <pre>{@code
 * @Test
 * void unloadsCleanly() {
 *   PluginAssertions.assertUnloadsCleanly(Path.of("target/greeter-1.0.0.zip"), Route.class,
 *       host -> host.capability(Capability.named("clock").services(Clock.class).build())
 *                   .service(Clock.class, Clock.systemUTC()));
 * }
 * }</pre>
 */
@Api.Stable
public final class PluginAssertions {

  private PluginAssertions() {}

  /**
   * Loads a plugin into a fresh host, checks that it loads without failure, closes the host and
   * waits until the plugin's class loader is collected.
   *
   * @param <T> the contract type
   * @param plugin the plugin's zip or folder
   * @param contract the host's contract
   * @param host configures the host as the real one is (capabilities, services); may do nothing
   * @return the plugin's name
   * @throws AssertionError if the plugin fails to load, or its class loader is still reachable
   *     after 10 seconds; the message names the threads that still hold it
   */
  public static <T> String assertUnloadsCleanly(
      Path plugin, Class<T> contract, Consumer<PluginHostBuilder<T>> host) {
    return assertUnloadsCleanly(plugin, List.of(), contract, host);
  }

  /**
   * Like {@link #assertUnloadsCleanly(Path, Class, Consumer)} for a plugin that builds on other
   * plugins: the host's folder holds the plugin and its dependencies, every one of them must load,
   * and every one's class loader must be collected once the host is closed (the plugin's first: a
   * dependency's layer is a parent of its dependents').
   *
   * <pre>{@code
   * PluginAssertions.assertUnloadsCleanly(Path.of("target/notes-1.0.0.zip"),
   *     List.of(Path.of("target/augment-dependencies/storage-1.1.0.zip")), Route.class, host -> {});
   * }</pre>
   *
   * @param <T> the contract type
   * @param plugin the plugin's zip or folder
   * @param dependencies the zips or folders of the plugins it depends on (and theirs)
   * @param contract the host's contract
   * @param host configures the host as the real one is (capabilities, services); may do nothing
   * @return the plugin's name
   * @throws AssertionError if a plugin fails to load, or a class loader is still reachable after 10
   *     seconds; the message names the plugin and the threads that still hold it
   */
  public static <T> String assertUnloadsCleanly(
      Path plugin,
      List<Path> dependencies,
      Class<T> contract,
      Consumer<PluginHostBuilder<T>> host) {
    List<Loaded> loaded = loadAndClose(plugin, dependencies, contract, host);
    for (Loaded l : loaded) {
      awaitCollected(l, Duration.ofSeconds(10));
    }
    return loaded.get(0).name();
  }

  /**
   * Checks, in a JVM of its own, that a plugin loads into a host shaped by a host description,
   * tears down and unloads: for a plugin's own Maven project, whose test class path cannot hold a
   * host (the plugin's own module would be there already).
   *
   * <p>The child JVM's module path is the jars of this JVM's class path, without the plugin's own
   * modules; the host description names the contract and the capabilities. Host services are not
   * offered: a plugin whose setup obtains one fails; give them with {@link
   * #assertUnloadsCleanlyInAHost(Path, Path, HostService...)}.
   *
   * <pre>{@code
   * @Test // run by failsafe, after the zip is packed
   * void unloadsCleanly() {
   *   PluginAssertions.assertUnloadsCleanlyInAHost(
   *       Path.of("target/plugin"), Path.of("augment-host.json"));
   * }
   * }</pre>
   *
   * @param plugin the plugin's zip or folder
   * @param hostDescription the host's description, as {@code augment-host.json}
   * @throws AssertionError if the plugin does not load or does not unload; the message says why
   */
  public static void assertUnloadsCleanlyInAHost(Path plugin, Path hostDescription) {
    assertUnloadsCleanlyInAHost(plugin, hostDescription, new HostService<?>[0]);
  }

  /**
   * Like {@link #assertUnloadsCleanlyInAHost(Path, Path)}, with a child host that offers services,
   * as the real host does: each one's factory runs in the child JVM, whose class path holds this
   * test's class folders.
   *
   * @param plugin the plugin's zip or folder
   * @param hostDescription the host's description, as {@code augment-host.json}
   * @param services the services the child host offers
   * @throws AssertionError if the plugin does not load or does not unload; the message says why
   */
  public static void assertUnloadsCleanlyInAHost(
      Path plugin, Path hostDescription, HostService<?>... services) {
    assertUnloadsCleanlyInAHost(plugin, List.of(), hostDescription, services);
  }

  /**
   * Like {@link #assertUnloadsCleanlyInAHost(Path, Path, HostService...)} for a plugin that builds
   * on other plugins: the child host loads the plugin and its dependencies from one folder, and
   * every one of them must load and unload. The modules the dependencies hold stay off the child's
   * module path even when this test's class path has them (a dependent compiles against its
   * dependency's jar in {@code provided} scope): in a host they live in the dependency's layer.
   *
   * <pre>{@code
   * @Test // run by failsafe, after the zip is packed and augment:verify staged the dependencies
   * void unloadsCleanlyWithItsDependency() {
   *   PluginAssertions.assertUnloadsCleanlyInAHost(Path.of("target/plugin"),
   *       List.of(Path.of("target/augment-dependencies/storage-1.1.0.zip")),
   *       Path.of("augment-host.json"));
   * }
   * }</pre>
   *
   * @param plugin the plugin's zip or folder
   * @param dependencies the zips or folders of the plugins it depends on (and theirs)
   * @param hostDescription the host's description, as {@code augment-host.json}
   * @param services the services the child host offers
   * @throws AssertionError if a plugin does not load or does not unload; the message says why
   */
  public static void assertUnloadsCleanlyInAHost(
      Path plugin, List<Path> dependencies, Path hostDescription, HostService<?>... services) {
    HostDescription host = HostDescriptions.read(hostDescription);
    Set<String> own = pluginModules(plugin);
    dependencies.forEach(d -> own.addAll(pluginModules(d)));
    List<String> jars = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    // Surefire and failsafe start tests from a manifest-only jar; they name the real path here.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar") && !own.contains(moduleName(p))) {
        jars.add(entry);
      } else if (Files.isDirectory(p)) {
        folders.add(entry);
      }
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p",
                String.join(java.io.File.pathSeparator, jars)));
    if (services.length > 0 && !folders.isEmpty()) {
      // The factories: the test's own classes, in the child's unnamed module.
      command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, folders)));
    }
    host.contractModule().ifPresent(m -> command.addAll(List.of("--add-modules", m)));
    command.addAll(
        List.of(
            "-m",
            "augment.testkit/dev.augment.testkit.UnloadCheck",
            plugin.toAbsolutePath().toString(),
            hostDescription.toAbsolutePath().toString()));
    for (Path d : dependencies) {
      command.add(UnloadCheck.DEPENDENCY + d.toAbsolutePath());
    }
    for (HostService<?> s : services) {
      command.add(s.argument());
    }
    try {
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!child.waitFor(2, TimeUnit.MINUTES)) {
        child.destroyForcibly();
        throw new AssertionError("the unload check did not finish in 2 minutes:\n" + out);
      }
      if (child.exitValue() != 0) {
        throw new AssertionError("the plugin did not load and unload cleanly:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Set<String> pluginModules(Path plugin) {
    Set<String> names = new HashSet<>();
    try {
      Path modules;
      if (Files.isDirectory(plugin)) {
        modules = plugin.resolve("modules");
      } else {
        modules = Files.createTempDirectory("augment-testkit-modules");
        try (var zip = new java.util.zip.ZipFile(plugin.toFile())) {
          for (var e : java.util.Collections.list(zip.entries())) {
            if (e.getName().startsWith("modules/") && e.getName().endsWith(".jar")) {
              Path jar = modules.resolve(Path.of(e.getName()).getFileName().toString());
              try (var in = zip.getInputStream(e)) {
                Files.copy(in, jar);
              }
            }
          }
        }
      }
      try (var jars = Files.list(modules)) {
        jars.filter(j -> j.toString().endsWith(".jar")).forEach(j -> names.add(moduleName(j)));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String moduleName(Path jar) {
    try {
      return java.lang.module.ModuleFinder.of(jar).findAll().iterator().next().descriptor().name();
    } catch (RuntimeException unnamed) {
      return "";
    }
  }

  /** What the assertion keeps of a closed host's plugin: nothing that holds it. */
  private record Loaded(String name, WeakReference<ClassLoader> loader, Set<String> modules) {}

  // A method of its own, so that no local variable of the waiting frame keeps the plugin alive.
  // The plugin's own entry comes first, then its dependencies', in the order they must unload.
  private static <T> List<Loaded> loadAndClose(
      Path plugin,
      List<Path> dependencies,
      Class<T> contract,
      Consumer<PluginHostBuilder<T>> host) {
    Path folder = copyIntoFreshFolder(plugin);
    Path copy = folder.resolve(plugin.getFileName());
    for (Path d : dependencies) {
      copyInto(d, folder);
    }
    PluginHostBuilder<T> builder =
        PluginHost.builder(contract)
            .folder(folder)
            .cacheDirectory(folder.resolveSibling("cache"))
            .unloadCheck(Duration.ZERO);
    host.accept(builder);
    try (PluginHost<T> h = builder.build()) {
      h.reload();
      List<PluginFailure> failures = h.failures();
      if (!failures.isEmpty()) {
        throw new AssertionError(
            "the plugin did not load: " + failures.stream().map(PluginFailure::message).toList());
      }
      List<Plugin<T>> all = h.getAll();
      if (all.size() != 1 + dependencies.size()) {
        throw new AssertionError(
            "expected "
                + (1 + dependencies.size())
                + " plugin(s) from "
                + plugin
                + (dependencies.isEmpty() ? "" : " and " + dependencies)
                + ", found "
                + all.size());
      }
      List<Loaded> loaded = new ArrayList<>();
      for (Plugin<T> p : all) {
        Class<?> type = p.provider().getClass();
        Set<String> modules = new HashSet<>();
        type.getModule().getLayer().modules().forEach(m -> modules.add(m.getName()));
        Loaded l = new Loaded(p.name(), new WeakReference<>(type.getClassLoader()), modules);
        if (p.source().toAbsolutePath().normalize().equals(copy.toAbsolutePath().normalize())) {
          loaded.add(0, l);
        } else {
          loaded.add(l);
        }
      }
      return loaded;
    }
  }

  /**
   * Like {@link #assertUnloadsCleanly(Path, Class, Consumer)} for a host with no capability.
   *
   * @param <T> the contract type
   * @param plugin the plugin's zip or folder
   * @param contract the host's contract
   * @return the plugin's name
   */
  public static <T> String assertUnloadsCleanly(Path plugin, Class<T> contract) {
    return assertUnloadsCleanly(plugin, contract, b -> {});
  }

  private static void awaitCollected(Loaded loaded, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (loaded.loader().get() != null && System.nanoTime() < deadline) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ClassLoader loader = loaded.loader().get();
    if (loader != null) {
      List<String> holders = new ArrayList<>();
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        Thread t = e.getKey();
        boolean runsPlugin =
            Arrays.stream(e.getValue())
                .anyMatch(
                    f -> f.getModuleName() != null && loaded.modules().contains(f.getModuleName()));
        if (runsPlugin
            || t.getContextClassLoader() == loader
            || t.getClass().getClassLoader() == loader) {
          holders.add("thread '" + t.getName() + "'");
        }
      }
      throw new AssertionError(
          "plugin '"
              + loaded.name()
              + "' did not unload within "
              + limit.toSeconds()
              + " s; "
              + (holders.isEmpty() ? "no thread holds it" : "held by " + holders));
    }
  }

  private static Path copyIntoFreshFolder(Path plugin) {
    try {
      Path folder = Files.createTempDirectory("augment-testkit").resolve("plugins");
      Files.createDirectories(folder);
      copyInto(plugin, folder);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyInto(Path plugin, Path folder) {
    try {
      if (Files.exists(folder.resolve(plugin.getFileName()))) {
        throw new AssertionError(
            "two plugins named " + plugin.getFileName() + " for one folder: rename one");
      }
      if (Files.isDirectory(plugin)) {
        try (var files = Files.walk(plugin)) {
          for (Path p : files.toList()) {
            Path target =
                folder.resolve(plugin.getFileName()).resolve(plugin.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else {
        Files.copy(plugin, folder.resolve(plugin.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

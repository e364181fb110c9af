package dev.augment.core;

import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;

import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Real plugins for dependency graphs, compiled once per test class and shared by many plugins:
 * plugins may hold modules of the same name when they are siblings, so one owner jar and one
 * dependent jar serve any number of plugins, each named by its manifest.
 *
 * <ul>
 *   <li>API jar {@code st.api}: {@code Api.value()} returns the API's version, {@code Codec} is the
 *       extension point ({@code String name()}).
 *   <li>Owner jar {@code fixture.owner}: opens the view of {@code Codec} in setup and records in
 *       {@code Probe.LOG} what it saw then and at each change; {@code greet} returns {@code
 *       name@apiVersion [codec names]}. A plugin named {@code throwing...} adds a listener that
 *       throws, one named {@code hanging...} a listener that never returns. The view of a plugin
 *       named {@code storage} is kept in {@code Probe.KEPT}, for tests to read.
 *   <li>Dependent jar {@code fixture.dep}: one class provides both the contract and {@code Codec};
 *       {@code greet} and {@code name} return {@code name sees apiVersion}.
 * </ul>
 *
 * Every plugin records {@code teardown <name>} in {@code Probe.LOG}.
 */
final class GraphPlugins {

  private final Path tmp;
  private int jars;

  GraphPlugins(Path tmp) {
    this.tmp = tmp;
  }

  private Path dir() {
    return tmp.resolve("gp-jar-" + ++jars);
  }

  /** The API jar of one version. */
  Path api(String version) {
    return Jars.of()
        .source("module-info.java", "module st.api { exports st.api; }")
        .source(
            "st/api/Api.java",
            "package st.api; public final class Api { private Api() {} public static String"
                + " value() { return \""
                + version
                + "\"; } }")
        .source("st/api/Codec.java", "package st.api; public interface Codec { String name(); }")
        .moduleVersion(version)
        .writeTo(dir().resolve("st.api.jar"));
  }

  private Path[] modulePath(Path api) {
    List<Path> path = new ArrayList<>(List.of(Fixtures.contractJar(), api));
    path.addAll(List.of(Fixtures.apiJars()));
    return path.toArray(Path[]::new);
  }

  /** The owner's jar, compiled against {@code api}. */
  Path ownerJar(Path api) {
    return Jars.of()
        .source(
            "module-info.java",
            "module fixture.owner { requires fixture.contract; requires st.api; requires"
                + " augment.api; provides fixture.contract.Greeter with fixture.owner.Impl; }")
        .source(
            "fixture/owner/Impl.java",
"""
            package fixture.owner;
            import fixture.contract.Probe;
            import java.util.List;
import java.util.StringJoiner;
            import java.util.stream.Collectors;
            import st.api.Codec;
            public class Impl implements fixture.contract.Greeter, dev.augment.api.Lifecycle {
              private volatile dev.augment.api.Extensions<Codec> codecs;
              private volatile String name = "?";
              public void setup(dev.augment.api.PluginContext c) {
                name = c.plugin().name();
                codecs = c.extensions(Codec.class);
                if (name.equals("storage")) {
                  Probe.KEPT.add(codecs);
                }
                String me = name + "@" + st.api.Api.value();
                Probe.LOG.add("setup " + me + " " + names(codecs.current()));
                if (name.startsWith("throwing")) {
                  codecs.onChange(now -> { throw new IllegalStateException("listener broke"); });
                }
                if (name.startsWith("hanging")) {
                  codecs.onChange(now -> {
                    Probe.LOG.add("hanging " + me);
                    try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }
                  });
                }
                codecs.onChange(now -> Probe.LOG.add("changed " + me + " " + names(now)));
              }
              public void teardown(dev.augment.api.PluginContext c) {
                Probe.LOG.add("teardown " + name);
              }
              public String greet(String who) {
                return name + "@" + st.api.Api.value() + " " + names(codecs.current());
              }
              static String names(List<Codec> l) {
                return l.stream().map(Codec::name).collect(Collectors.joining(",", "[", "]"));
              }
            }
            """)
        .modulePath(modulePath(api))
        .moduleVersion("1.0.0")
        .writeTo(dir().resolve("fixture.owner.jar"));
  }

  /**
   * The dependent's jar, compiled against {@code api}; {@code codecConstructor} is the body of the
   * constructor of a second class that provides {@code Codec}, or empty for none.
   */
  Path dependentJar(Path api, String codecConstructor) {
    boolean extra = !codecConstructor.isEmpty();
    Jars jar =
        Jars.of()
            .source(
                "module-info.java",
                "module fixture.dep { requires fixture.contract; requires st.api; requires"
                    + " augment.api; provides fixture.contract.Greeter with fixture.dep.Impl;"
                    + " provides st.api.Codec with fixture.dep."
                    + (extra ? "Impl, fixture.dep.Extra" : "Impl")
                    + "; }")
            .source(
                "fixture/dep/Impl.java",
                """
                package fixture.dep;
                public class Impl
                    implements fixture.contract.Greeter, st.api.Codec, dev.augment.api.Lifecycle {
                  private volatile String name = "?";
                  public void setup(dev.augment.api.PluginContext c) {
                    name = c.plugin().name();
                  }
                  public void teardown(dev.augment.api.PluginContext c) {
                    fixture.contract.Probe.LOG.add("teardown " + name);
                  }
                  public String greet(String who) {
                    return name();
                  }
                  public String name() {
                    return name + " sees " + st.api.Api.value();
                  }
                }
                """);
    if (extra) {
      jar.source(
          "fixture/dep/Extra.java",
          "package fixture.dep; public class Extra implements st.api.Codec { public Extra() { "
              + codecConstructor
              + " } public String name() { return \"extra\"; } }");
    }
    return jar.modulePath(modulePath(api))
        .moduleVersion("1.0.0")
        .writeTo(dir().resolve("fixture.dep.jar"));
  }

  /** An owner plugin folder: the API jar and the owner jar. */
  static Path owner(Path folder, String name, String version, Path api, Path ownerJar) {
    return pluginDir(folder.resolve(name), manifest(name, version, "fixture.owner"), api, ownerJar);
  }

  /** A dependent plugin folder on {@code owner}, in {@code range}. */
  static Path dependent(Path folder, String name, String owner, String range, Path dependentJar) {
    return pluginDir(
        folder.resolve(name),
        manifest(name, "1.0.0", "fixture.dep", dependsOn(owner, range)),
        dependentJar);
  }

  /**
   * The manifest field that names a plugin's dependencies: {@code dependsOn("a", "^1", "b", "1.x")}
   * is {@code "dependencies":{"a":"^1","b":"1.x"}}.
   */
  static String dependsOn(String... namesAndRanges) {
    if (namesAndRanges.length % 2 != 0) {
      throw new IllegalArgumentException("a range for each name: " + List.of(namesAndRanges));
    }
    StringJoiner field = new StringJoiner(",", "\"dependencies\":{", "}");
    for (int i = 0; i < namesAndRanges.length; i += 2) {
      field.add("\"" + namesAndRanges[i] + "\":\"" + namesAndRanges[i + 1] + "\"");
    }
    return field.toString();
  }
}

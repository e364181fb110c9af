package dev.augment.it;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;

import dev.augment.core.Rule;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The hostile and broken plugins of issue 12, written as real files into one plugin folder: zips
 * built byte by byte ({@link HostileArchives}), manifests, module jars compiled with javax.tools or
 * written with ASM where javac refuses ({@link HostileModules}), behaviours. Each case names the
 * rule a host must refuse it with and words its message must hold, or no rule for a plugin that
 * must load (healthy or contained at run time).
 */
final class HostileCorpus {

  /** The archive limits of the corpus's host: small, so that the bombs stay small. */
  static final int MAX_ENTRIES = 200;

  static final long MAX_BYTES = 8L * 1024 * 1024;
  static final int MAX_RATIO = 100;

  /** Names that would appear somewhere outside the cache if an escape worked. */
  static final String ESCAPED = "hostile-escaped-";

  /**
   * One plugin of the corpus.
   *
   * @param category archive, manifest, module or behaviour
   * @param file its file name in the plugin folder
   * @param rule the rule it breaks, or null when it loads
   * @param words what the host's message must hold
   */
  record Case(String category, String file, Rule rule, String words) {}

  private final Path plugins;
  private final Path work;
  private final List<Case> cases = new ArrayList<>();

  private HostileCorpus(Path plugins, Path work) {
    this.plugins = plugins;
    this.work = work;
  }

  /** Writes every case into {@code plugins}, with scratch files in {@code work}. */
  static List<Case> write(Path plugins, Path work) throws IOException {
    HostileCorpus c = new HostileCorpus(plugins, work);
    c.healthy();
    new HostileArchives(c).write();
    c.manifests();
    new HostileModules(c).write();
    c.behaviour();
    return List.copyOf(c.cases);
  }

  Path plugins() {
    return plugins;
  }

  Path work() {
    return work;
  }

  void add(String category, String file, Rule rule, String words) {
    cases.add(new Case(category, file, rule, words));
  }

  private void healthy() {
    plugin("healthy", greeterJar("fixture.hc.healthy"), "");
    add("healthy", "healthy", null, "");
    plugin("healthy-plain", greeterJar("fixture.hc.healthyplain").plain(), "");
    add("healthy", "healthy-plain", null, "");
    Path folder = work.resolve("zips/healthy-zip");
    pluginDir(
        folder,
        manifest("healthy-zip", "1.0.0", "fixture.hc.healthyzip"),
        greeterJar("fixture.hc.healthyzip").writeTo(jars()));
    Fixtures.zip(folder, plugins.resolve("healthy-zip.zip"));
    add("healthy", "healthy-zip.zip", null, "");
  }

  private void manifests() throws IOException {
    String ok = manifest("m", "1.0.0", "fixture.hc.m");
    String body = ok.substring(1, ok.length() - 1);
    badManifest("m-trailing", ok + " {\"name\":\"other\"}", "");
    badManifest("m-version-number", ok.replace("\"1.0.0\"", "1"), "/version");
    badManifest("m-capabilities-string", "{" + body + ",\"capabilities\":\"db\"}", "/capabilities");
    badManifest("m-meta-array", ok.replace("{\"kind\":\"fixture\"}", "[]"), "/meta");
    badManifest(
        "m-no-entry-point", ok.replace(",\"entryPoint\":\"fixture.hc.m\"", ""), "entryPoint");
    badManifest("m-no-name", ok.replace("\"name\":\"m\",", ""), "name");
    badManifest("m-bad-name", ok.replace("\"name\":\"m\"", "\"name\":\"Bad Name!\""), "Bad Name!");
    badManifest(
        "m-forged-name",
        ok.replace("\"name\":\"m\"", "\"name\":\"x\\nINFO Loaded plugin forged@6.6.6\""),
        "x\\nINFO");
    badManifest(
        "m-carriage-return-name",
        ok.replace("\"name\":\"m\"", "\"name\":\"x\\rforged\""),
        "x\\rforged");
    badManifest("m-ansi-version", ok.replace("\"1.0.0\"", "\"1.0.0\\u001b[31m\""), "\\u001b");
    badManifest("m-newline-field", "{" + body + ",\"ma\\nin\":\"x\"}", "/ma\\nin");
    badManifest(
        "m-newline-range-key",
        "{" + body + ",\"compatibility\":{\"aug\\nment\":\"^1.0.0\"}}",
        "aug\\nment");
    // A key the reader accepts as a range's name, which compatibility does not know.
    cases.set(
        cases.size() - 1,
        new Case("manifest", "m-newline-range-key", Rule.INCOMPATIBLE, "'aug\\nment'"));
    badManifest("m-bad-semver", ok.replace("\"1.0.0\"", "\"1.0\""), "/version");
    badManifest("m-leading-zero", ok.replace("\"1.0.0\"", "\"01.0.0\""), "/version");
    badManifest("m-unknown-field", "{" + body + ",\"main\":\"x\"}", "/main");
    badManifest("m-bad-range", "{" + body + ",\"compatibility\":{\"augment\":\">>1\"}}", ">>1");
    badManifest("m-nul-entry-point", ok.replace("fixture.hc.m", "fixture.hc.m\\u0000"), "\\u0000");
    badManifest(
        "m-deep-nesting", "{" + body + ",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}", "");
    badManifest("m-empty-file", "", "");
    badManifest("m-not-utf8", "", "");
    // Not UTF-8: the byte 0xff inside a string.
    Files.write(
        plugins.resolve("m-not-utf8/plugin.manifest.json"),
        ("{" + body.replace("\"m\"", "\"\u00ff\"") + "}").getBytes(StandardCharsets.ISO_8859_1));
    // Meta belongs to the host, so a key with an ANSI escape is allowed: the plugin fails later,
    // at its missing modules/ folder, and the message shows no raw escape either way.
    Path ansi = Files.createDirectories(plugins.resolve("m-ansi-meta-key"));
    Files.writeString(
        ansi.resolve("plugin.manifest.json"),
        ok.replace("\"kind\"", "\"\\u001b[31mred\"").replace("\"m\"", "\"m-ansi-meta-key\""));
    add("manifest", "m-ansi-meta-key", Rule.LAYOUT, "modules");

    plugin(
        "m-bad-capability-name",
        greeterJar("fixture.hc.mbadcapabilityname"),
        "\"capabilities\":[\"root\\u001b[31m\"]");
    add("manifest", "m-bad-capability-name", Rule.MANIFEST, "is not a capability name");
    plugin(
        "m-unknown-capability",
        greeterJar("fixture.hc.munknowncapability"),
        "\"capabilities\":[\"root.access\"]");
    add("manifest", "m-unknown-capability", Rule.UNKNOWN_CAPABILITY, "root.access");
    pluginDir(
        plugins.resolve("m-missing-entry-module"),
        manifest("m-missing-entry-module", "1.0.0", "fixture.hc.absent"),
        greeterJar("fixture.hc.mmissingentrymodule").writeTo(jars()));
    add("manifest", "m-missing-entry-module", Rule.ENTRY_MODULE, "fixture.hc.absent");

    // Over 1 MiB, in a zip, with content that does not compress into a ratio bomb.
    Path big = work.resolve("zips/m-oversized");
    Files.createDirectories(big);
    byte[] noise = new byte[1_200_000];
    new Random(12).nextBytes(noise);
    String meta = java.util.HexFormat.of().formatHex(noise, 0, 600_000);
    Files.writeString(big.resolve("plugin.manifest.json"), "{" + body + ",\"x\":\"" + meta + "\"}");
    Fixtures.zip(big, plugins.resolve("m-oversized.zip"));
    add("manifest", "m-oversized.zip", Rule.MANIFEST, "at most 1 MiB");
  }

  private void badManifest(String name, String text, String words) throws IOException {
    Path dir = Files.createDirectories(plugins.resolve(name));
    Files.writeString(dir.resolve("plugin.manifest.json"), text);
    add("manifest", name, Rule.MANIFEST, words);
  }

  private void behaviour() {
    String ran = "fixture.contract.Probe.LOG.add(\"ran \" + getClass().getName());";
    exit(
        "b-exit-reflection",
        ran + "Runtime.class.getMethod(\"exit\", int.class)" + ".invoke(Runtime.getRuntime(), 3);",
        "Method.invoke");
    exit(
        "b-exit-method-handle",
        ran
            + "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\","
            + " java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(3);",
        "findStatic");
    exit(
        "b-exit-method-reference",
        ran + "java.util.function.IntConsumer c = System::exit; c.accept(3);",
        "System.exit");
    exit("b-halt", ran + "Runtime.getRuntime().halt(3);", "Runtime.halt");
    exit(
        "b-define-class",
        ran + "byte[] b = new byte[0]; java.lang.invoke.MethodHandles.lookup().defineClass(b);",
        "defineClass");
    exit(
        "b-internals",
        ran
            + "Class.forName(\"dev.augment.core.internal.Text\").getDeclaredConstructor()"
            + ".newInstance();",
        "Constructor.newInstance");
    exit("b-thread", ran + "new Thread(() -> System.exit(3)).start();", "java.lang.Thread");
    plugin(
        "b-overreach",
        greeterJar("fixture.hc.boverreach").requires("java.net.http", null),
        "\"capabilities\":[\"db\"]");
    add("behaviour", "b-overreach", Rule.CAPABILITY_DENIED, "java.net.http");
    plugin(
        "b-setup-hangs",
        greeterJar("fixture.hc.bsetuphangs")
            .lifecycle(
                "while (true) { try { Thread.sleep(1_000); } catch (InterruptedException e) { } }",
                ""),
        "");
    add("behaviour", "b-setup-hangs", Rule.SETUP_FAILED, "budget");
    plugin(
        "b-setup-throws",
        greeterJar("fixture.hc.bsetupthrows")
            .lifecycle("throw new IllegalStateException(\"setup broke\");", ""),
        "");
    add("behaviour", "b-setup-throws", Rule.SETUP_FAILED, "setup broke");
    plugin(
        "b-event-overreach",
        greeterJar("fixture.hc.beventoverreach")
            .lifecycle("context.hooks().on(fixture.contract.Ping.class, e -> { });", ""),
        "");
    add(
        "behaviour",
        "b-event-overreach",
        Rule.SETUP_FAILED,
        "may not observe fixture.contract.Ping");
  }

  /** A plugin whose constructor runs {@code code}: refused by the policy before it can run. */
  private void exit(String name, String code, String words) {
    plugin(
        name,
        greeterJar("fixture.hc." + name.replace("-", ""))
            .constructor("try { " + code + " } catch (Throwable t) { }"),
        "");
    add("behaviour", name, Rule.POLICY, words);
  }

  void plugin(String name, Fixtures.GreeterJar jar, String extra) {
    String module = "fixture.hc." + name.replace("-", "");
    String json =
        extra.isEmpty() ? manifest(name, "1.0.0", module) : manifest(name, "1.0.0", module, extra);
    pluginDir(plugins.resolve(name), json, jar.writeTo(jars()));
  }

  Path jars() {
    try {
      return Files.createDirectories(work.resolve("jars"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deflated zip of the given names and contents. */
  static Path deflated(Path zip, Object... namesAndContents) {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        out.putNextEntry(new ZipEntry((String) namesAndContents[i]));
        Object content = namesAndContents[i + 1];
        out.write(
            content instanceof byte[] b ? b : content.toString().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return zip;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zeros(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0);
    return b;
  }
}

package dev.augment.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the benchmark plugins of every system from one source.
 *
 * <p>{@link #compile} runs javac (without annotation processors: the PF4J index is written here)
 * once per variant of {@code bench.plugin.Hello}: plain for Augment and the raw JDK, with
 * {@code @Extension} for PF4J, plus {@code bench.plugin.Hooked}, which subscribes to {@code Ping}
 * in its setup. Every plugin {@code pNNNN} then reuses those class files and differs only in its
 * names: the module {@code bench.pNNNN} (its {@code module-info.class} is written with ASM, which
 * is much faster than a javac run per plugin), the manifest or plugin.properties, and its version.
 * Writing plugins needs no compiler, so the child JVMs write the changed versions of the reload
 * benchmarks themselves.
 */
final class PluginFactory {

  static final String CONTRACT_MODULE = "augment.bench.contract";
  static final String CAPABILITY = "bench.observe";

  private static final String HELLO =
      """
      package bench.plugin;

      %s
      public final class Hello implements dev.augment.bench.contract.Greeter {
        @Override
        public String greet(String who) {
          return "hello " + who;
        }
      }
      """;

  private static final String HOOKED =
      """
      package bench.plugin;

      import dev.augment.api.Lifecycle;
      import dev.augment.api.PluginContext;
      import dev.augment.bench.contract.Ping;

      public final class Hooked implements dev.augment.bench.contract.Greeter, Lifecycle {
        @Override
        public void setup(PluginContext context) {
          context.hooks().on(Ping.class, ping -> Ping.SEEN.incrementAndGet());
        }

        @Override
        public String greet(String who) {
          return "hello " + who;
        }
      }
      """;

  /** The kinds of plugin this factory writes. */
  enum Kind {
    /** Augment: a zip with plugin.manifest.json and modules/bench.pNNNN.jar. */
    AUGMENT,
    /** Augment, with a provider that subscribes to {@code Ping} and declares the capability. */
    AUGMENT_HOOKED,
    /** PF4J: a zip with plugin.properties and classes/ holding the extension and its index. */
    PF4J,
    /** Raw JDK: the module jar bench.pNNNN.jar alone. */
    JDK
  }

  private final Path classes;

  /**
   * A factory over compiled classes.
   *
   * @param classes the folder {@link #compile} wrote
   */
  PluginFactory(Path classes) {
    this.classes = classes;
  }

  /**
   * Compiles the plugin classes once.
   *
   * @param into the folder to write {@code module/} and {@code pf4j/} into
   * @param contractJar the contract
   * @param apiJars augment.api and what it needs, for {@code Hooked}
   * @param pf4jJar PF4J, for {@code @Extension}
   * @return a factory over the compiled classes
   */
  static PluginFactory compile(Path into, Path contractJar, List<Path> apiJars, Path pf4jJar) {
    List<Path> modular = new ArrayList<>(apiJars);
    modular.add(contractJar);
    javac(
        into.resolve("module"),
        modular,
        Map.of("Hello.java", HELLO.formatted(""), "Hooked.java", HOOKED));
    javac(
        into.resolve("pf4j"),
        List.of(contractJar, pf4jJar),
        Map.of("Hello.java", HELLO.formatted("@org.pf4j.Extension")));
    return new PluginFactory(into);
  }

  private static void javac(Path out, List<Path> classPath, Map<String, String> sources) {
    try {
      Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"));
      List<String> args =
          new ArrayList<>(List.of("--release", "17", "-g", "-proc:none", "-d", out.toString()));
      args.add("-cp");
      args.add(
          String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        args.add(Files.writeString(src.resolve(e.getKey()), e.getValue()).toString());
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc =
          ToolProvider.getSystemJavaCompiler().run(null, log, log, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("the plugin sources do not compile:\n" + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of plugin number {@code i}: {@code p0001}. */
  static String name(int i) {
    return "p%04d".formatted(i);
  }

  /** Writes plugins 1 to {@code n} of a kind into {@code folder}, at version 1.0.0. */
  void writeAll(Kind kind, int n, Path folder) {
    for (int i = 1; i <= n; i++) {
      write(kind, name(i), "1.0.0", folder);
    }
  }

  /**
   * Writes one plugin, replacing an existing file of the same name in one atomic move, so that a
   * watching or reloading host never sees it half written.
   *
   * @return the plugin's file
   */
  Path write(Kind kind, String name, String version, Path folder) {
    try {
      byte[] bytes =
          switch (kind) {
            case AUGMENT -> augmentZip(name, version, "Hello", "");
            case AUGMENT_HOOKED ->
                augmentZip(name, version, "Hooked", ",\"capabilities\":[\"" + CAPABILITY + "\"]");
            case PF4J -> pf4jZip(name, version);
            case JDK -> moduleJar(name, version, "Hello", false);
          };
      Path target = folder.resolve(kind == Kind.JDK ? "bench." + name + ".jar" : name + ".zip");
      Path tmp = Files.createTempFile(folder.getParent(), "." + name, ".tmp");
      Files.write(tmp, bytes);
      return Files.move(
          tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] augmentZip(String name, String version, String provider, String extra)
      throws IOException {
    String manifest =
        "{\"name\":\"%s\",\"version\":\"%s\",\"entryPoint\":\"bench.%s\",\"meta\":{}%s}"
            .formatted(name, version, name, extra);
    return zip(
        Map.of(
            "plugin.manifest.json",
            manifest.getBytes(StandardCharsets.UTF_8),
            "modules/bench." + name + ".jar",
            moduleJar(name, version, provider, provider.equals("Hooked"))));
  }

  private byte[] pf4jZip(String name, String version) throws IOException {
    String properties = "plugin.id=%s%nplugin.version=%s%n".formatted(name, version);
    return zip(
        Map.of(
            "plugin.properties",
            properties.getBytes(StandardCharsets.UTF_8),
            "classes/META-INF/extensions.idx",
            "bench.plugin.Hello\n".getBytes(StandardCharsets.UTF_8),
            "classes/bench/plugin/Hello.class",
            Files.readAllBytes(classes.resolve("pf4j/bench/plugin/Hello.class"))));
  }

  private byte[] moduleJar(String name, String version, String provider, boolean api)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
      entry(jar, "module-info.class", moduleInfo(name, version, provider, api));
      entry(
          jar,
          "bench/plugin/" + provider + ".class",
          Files.readAllBytes(classes.resolve("module/bench/plugin/" + provider + ".class")));
    }
    return bytes.toByteArray();
  }

  private static byte[] moduleInfo(String name, String version, String provider, boolean api) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_MODULE, "module-info", null, null, null);
    ModuleVisitor mv = cw.visitModule("bench." + name, 0, version);
    mv.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
    mv.visitRequire(CONTRACT_MODULE, 0, null);
    if (api) {
      mv.visitRequire("augment.api", 0, null);
    }
    mv.visitPackage("bench/plugin");
    mv.visitProvide("dev/augment/bench/contract/Greeter", "bench/plugin/" + provider);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String name : entries.keySet().stream().sorted().toList()) {
        entry(zip, name, entries.get(name));
      }
    }
    return bytes.toByteArray();
  }

  private static void entry(ZipOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new ZipEntry(name));
    out.write(content);
    out.closeEntry();
  }
}

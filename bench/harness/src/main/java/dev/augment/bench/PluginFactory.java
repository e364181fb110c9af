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

  private static final String API =
      """
      package bench.api;

      public interface Api {
        String hello(String who);
      }
      """;

  private static final String APIS =
      """
      package bench.api;

      public final class Apis {
        private Apis() {}

        public static Api get() {
          return bench.apiimpl.ApiHello.INSTANCE;
        }
      }
      """;

  private static final String API_HELLO =
      """
      package bench.apiimpl;

      public final class ApiHello implements dev.augment.bench.contract.Greeter, bench.api.Api {
        public static final ApiHello INSTANCE = new ApiHello();

        @Override
        public String hello(String who) {
          return "hello " + who;
        }

        @Override
        public String greet(String who) {
          return hello(who);
        }
      }
      """;

  private static final String DEP_HELLO =
      """
      package bench.dep;

      public final class DepHello implements dev.augment.bench.contract.Greeter {
        @Override
        public String greet(String who) {
          return bench.api.Apis.get().hello(who) + " through a dependent";
        }
      }
      """;

  /** API plugins per ten plugins of a graph; each has {@link #GRAPH_DEPENDENTS} dependents. */
  static final int GRAPH_DEPENDENTS = 9;

  /** The kinds of plugin this factory writes. */
  enum Kind {
    /** Augment: a zip with plugin.manifest.json and modules/bench.pNNNN.jar. */
    AUGMENT,
    /** Augment, with a provider that subscribes to {@code Ping} and declares the capability. */
    AUGMENT_HOOKED,
    /**
     * Augment, a graph: of every ten plugins, one API plugin {@code api-KK} (module {@code
     * bench.api_KK}, which exports {@code bench.api}) and its {@value #GRAPH_DEPENDENTS} dependents
     * {@code dep-KK-J} (module {@code bench.dep_KK_J}, which requires {@code bench.api_KK};
     * manifest {@code "dependencies": {"api-KK": "^1.0.0"}}). Each provides the contract; a
     * dependent's provider calls into its API.
     */
    AUGMENT_GRAPH,
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
        Map.of(
            "Hello.java",
            HELLO.formatted(""),
            "Hooked.java",
            HOOKED,
            "Api.java",
            API,
            "Apis.java",
            APIS,
            "ApiHello.java",
            API_HELLO,
            "DepHello.java",
            DEP_HELLO));
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

  /** The name of API plugin number {@code k} of a graph: {@code api-01}. */
  static String apiName(int k) {
    return "api-%02d".formatted(k);
  }

  /** The name of dependent {@code j} of API plugin {@code k}: {@code dep-01-1}. */
  static String dependentName(int k, int j) {
    return "dep-%02d-%d".formatted(k, j);
  }

  /** The API plugins of a graph of {@code n} plugins: one in every ten. */
  static int graphApis(int n) {
    if (n % (GRAPH_DEPENDENTS + 1) != 0) {
      throw new IllegalArgumentException("a graph has a multiple of 10 plugins, not " + n);
    }
    return n / (GRAPH_DEPENDENTS + 1);
  }

  /**
   * Writes plugins 1 to {@code n} of a kind into {@code folder}, at version 1.0.0; of a graph, its
   * {@code n / 10} API plugins and their dependents.
   */
  void writeAll(Kind kind, int n, Path folder) {
    if (kind == Kind.AUGMENT_GRAPH) {
      for (int k = 1; k <= graphApis(n); k++) {
        write(kind, apiName(k), "1.0.0", folder);
        for (int j = 1; j <= GRAPH_DEPENDENTS; j++) {
          write(kind, dependentName(k, j), "1.0.0", folder);
        }
      }
      return;
    }
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
            case AUGMENT_GRAPH -> graphZip(name, version);
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

  /**
   * A plugin of a graph, by its name: {@code api-KK} is an API plugin, {@code dep-KK-J} a dependent
   * of {@code api-KK}.
   */
  private byte[] graphZip(String name, String version) throws IOException {
    String module = "bench." + name.replace('-', '_');
    String dependency = "";
    byte[] jar;
    if (name.startsWith("api-")) {
      jar =
          jar(
              graphModuleInfo(module, version, null),
              List.of("bench/api/Api", "bench/api/Apis", "bench/apiimpl/ApiHello"));
    } else if (name.startsWith("dep-")) {
      String api = name.substring("dep-".length(), name.lastIndexOf('-'));
      dependency = ",\"dependencies\":{\"api-%s\":\"^1.0.0\"}".formatted(api);
      jar =
          jar(graphModuleInfo(module, version, "bench.api_" + api), List.of("bench/dep/DepHello"));
    } else {
      throw new IllegalArgumentException("not a plugin of a graph: " + name);
    }
    String manifest =
        "{\"name\":\"%s\",\"version\":\"%s\",\"entryPoint\":\"%s\",\"meta\":{}%s}"
            .formatted(name, version, module, dependency);
    return zip(
        Map.of(
            "plugin.manifest.json",
            manifest.getBytes(StandardCharsets.UTF_8),
            "modules/" + module + ".jar",
            jar));
  }

  /**
   * The module of a graph's plugin: an API module ({@code requiresApi} null) exports {@code
   * bench.api} and provides the contract with {@code ApiHello}; a dependent requires its API's
   * module and provides the contract with {@code DepHello}.
   */
  private static byte[] graphModuleInfo(String module, String version, String requiresApi) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_MODULE, "module-info", null, null, null);
    ModuleVisitor mv = cw.visitModule(module, 0, version);
    mv.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
    mv.visitRequire(CONTRACT_MODULE, 0, null);
    if (requiresApi == null) {
      mv.visitPackage("bench/api");
      mv.visitPackage("bench/apiimpl");
      mv.visitExport("bench/api", 0);
      mv.visitProvide("dev/augment/bench/contract/Greeter", "bench/apiimpl/ApiHello");
    } else {
      mv.visitRequire(requiresApi, 0, null);
      mv.visitPackage("bench/dep");
      mv.visitProvide("dev/augment/bench/contract/Greeter", "bench/dep/DepHello");
    }
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** A module jar: its module-info and compiled classes of {@code module/}, by internal name. */
  private byte[] jar(byte[] moduleInfo, List<String> classNames) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
      entry(jar, "module-info.class", moduleInfo);
      for (String c : classNames) {
        entry(jar, c + ".class", Files.readAllBytes(classes.resolve("module/" + c + ".class")));
      }
    }
    return bytes.toByteArray();
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

package dev.augment.maven;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.spi.ToolProvider;

/**
 * Links a host's modules and the JDK modules they need into a runtime image: jlink through {@link
 * ToolProvider}, launchers that {@code exec} java, a {@code plugins/} folder and a CDS archive.
 *
 * <p>Every module of the module path is a root, so a provider that nothing {@code requires} (an
 * SLF4J binding) is linked too; jlink adds the JDK modules their {@code requires} name. A jar
 * without {@code module-info.class} is refused before jlink runs, with the file named: jlink links
 * only explicit modules.
 *
 * <p>The CDS archive is dumped by the image's own {@code bin/java -Xshare:dump} (and {@code
 * -XX:-UseCompressedOops -Xshare:dump} on a 64-bit JVM), which is what jlink's {@code
 * --generate-cds-archive} runs. It is run here rather than through jlink because jlink's plugin
 * starts that process with inherited standard streams: its warnings about the JDK's default class
 * list (classes of modules the image leaves out, such as {@code java.logging}) would reach the
 * build's console around any capture, {@code -q} included. Here they go to a log file and one line
 * sums them up.
 */
final class ImageLinker {

  /** A launcher: {@code bin/<name>} runs {@code module} (its main class, or {@code mainClass}). */
  record Launcher(String name, String module, Optional<String> mainClass) {

    /** Parses jlink's own syntax, {@code name=module[/mainclass]}. */
    static Launcher parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq <= 0 || eq == spec.length() - 1) {
        throw new IllegalArgumentException(
            "launcher '" + spec + "' is not name=module or name=module/mainclass");
      }
      String target = spec.substring(eq + 1).trim();
      int slash = target.indexOf('/');
      return new Launcher(
          spec.substring(0, eq).trim(),
          slash < 0 ? target : target.substring(0, slash),
          slash < 0 ? Optional.empty() : Optional.of(target.substring(slash + 1)));
    }

    String target() {
      return module + mainClass.map(c -> "/" + c).orElse("");
    }
  }

  /** What was linked. */
  record Result(Path image, List<String> roots, List<Launcher> launchers, String cds) {}

  private final List<Path> modulePath = new ArrayList<>();
  private final Set<String> addModules = new LinkedHashSet<>();
  private final List<Launcher> launchers = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, Path> plugins = new LinkedHashMap<>();
  private Optional<String> defaultLauncher = Optional.empty();
  private boolean cds = true;
  private Consumer<String> log = s -> {};

  ImageLinker modules(List<Path> jars) {
    modulePath.addAll(jars);
    return this;
  }

  ImageLinker addModules(List<String> names) {
    addModules.addAll(names);
    return this;
  }

  ImageLinker launcher(Launcher launcher) {
    launchers.add(launcher);
    return this;
  }

  /** The launcher name to use for the main module's main class when no launcher is given. */
  ImageLinker defaultLauncher(String name) {
    defaultLauncher = Optional.of(name);
    return this;
  }

  ImageLinker jvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  /** Plugin zips to copy into {@code plugins/}, by the file name they get there. */
  ImageLinker plugins(Map<String, Path> zips) {
    plugins.putAll(zips);
    return this;
  }

  ImageLinker cds(boolean on) {
    cds = on;
    return this;
  }

  ImageLinker log(Consumer<String> info) {
    log = info;
    return this;
  }

  /**
   * Links the image into {@code image}, replacing what was there.
   *
   * @param image the image folder
   * @param mainModule the module whose main class the default launcher runs, if any
   * @return what was linked
   * @throws IllegalArgumentException if a jar is not an explicit module, or a launcher is malformed
   * @throws IllegalStateException if jlink or the CDS dump fails; the message holds their output
   * @throws IOException if the image folder cannot be written
   */
  Result link(Path image, Optional<String> mainModule) throws IOException {
    List<String> roots = roots(mainModule);
    List<Launcher> all = new ArrayList<>(launchers);
    if (all.isEmpty() && defaultLauncher.isPresent() && mainModule.isPresent()) {
      all.add(new Launcher(defaultLauncher.get(), mainModule.get(), Optional.empty()));
    }
    ArchiveFolders.delete(image);
    Files.createDirectories(image.toAbsolutePath().getParent());
    jlink(image, roots, all);
    for (Launcher l : all) {
      execLauncher(image.resolve("bin").resolve(l.name()), l.target(), jvmOptions);
    }
    Path pluginFolder = Files.createDirectories(image.resolve("plugins"));
    for (Map.Entry<String, Path> zip : plugins.entrySet()) {
      Files.copy(
          zip.getValue(), pluginFolder.resolve(zip.getKey()), StandardCopyOption.REPLACE_EXISTING);
    }
    String summary = cds ? dumpCds(image) : "no CDS archive (cds=false)";
    return new Result(image, roots, all, summary);
  }

  /** Every module of the module path, then the extra ones; refuses automatic modules. */
  private List<String> roots(Optional<String> mainModule) {
    Set<String> roots = new LinkedHashSet<>();
    mainModule.ifPresent(roots::add);
    for (Path jar : modulePath) {
      ModuleDescriptor d;
      try {
        d =
            ModuleFinder.of(jar).findAll().stream()
                .findFirst()
                .map(ModuleReference::descriptor)
                .orElseThrow(() -> new IllegalArgumentException(jar + " holds no module"));
      } catch (FindException e) {
        throw new IllegalArgumentException(
            jar + " is not a module jlink can read: " + e.getMessage(), e);
      }
      if (d.isAutomatic()) {
        throw new IllegalArgumentException(
            jar.getFileName()
                + " has no module-info.class (it would be the automatic module '"
                + d.name()
                + "'): jlink links only explicit modules. Use a version of the library that"
                + " ships a module-info, or keep it out of the host's runtime dependencies (a"
                + " plugin may bundle it instead)");
      }
      roots.add(d.name());
    }
    roots.addAll(addModules);
    return List.copyOf(roots);
  }

  private void jlink(Path image, List<String> roots, List<Launcher> all) {
    List<String> path = new ArrayList<>(modulePath.stream().map(Path::toString).toList());
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    if (Files.isDirectory(jmods)) {
      path.add(jmods.toString());
    }
    // Without jmods (JDK 24+ builds may ship none) jlink links from the run-time image.
    List<String> args = new ArrayList<>();
    if (!path.isEmpty()) {
      args.addAll(List.of("--module-path", String.join(File.pathSeparator, path)));
    }
    args.addAll(
        List.of(
            "--add-modules",
            String.join(",", roots),
            "--strip-debug",
            "--no-header-files",
            "--no-man-pages",
            "--compress=" + (Runtime.version().feature() >= 21 ? "zip-6" : "2")));
    for (Launcher l : all) {
      args.addAll(List.of("--launcher", l.name() + "=" + l.target()));
    }
    args.addAll(List.of("--output", image.toString()));
    ToolProvider tool =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the JDK running Maven ("
                            + System.getProperty("java.home")
                            + ") has no jlink; run the build on a JDK, not a JRE"));
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out, true);
    int code = tool.run(writer, writer, args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException(
          "jlink failed with exit code " + code + ": " + out.toString().strip() + "\n  " + args);
    }
    String text = out.toString().strip();
    if (!text.isEmpty()) {
      log.accept(text);
    }
  }

  /**
   * Replaces jlink's POSIX launcher script with one that {@code exec}s java, so the JVM is the
   * launcher's process and gets its signals (jlink's own script runs java as a child of the shell,
   * so a {@code SIGTERM} to the launcher leaves the JVM running). The script passes {@code
   * -Daugment.home=<image>} so a host finds {@code plugins/} beside its runtime. A Windows image's
   * {@code .bat} launchers stay as jlink wrote them.
   */
  static void execLauncher(Path script, String target, List<String> jvmOptions) throws IOException {
    if (!Files.exists(script)) {
      return;
    }
    StringBuilder options = new StringBuilder();
    for (String o : jvmOptions) {
      options.append(" '").append(o.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "# Written by augment:image: exec, so that the JVM is this process and gets its"
            + " signals.\n"
            + "DIR=`dirname \"$0\"`\n"
            + "HOME_DIR=`cd \"$DIR/..\" && pwd`\n"
            + "exec \"$DIR/java\""
            + options
            + " $JAVA_OPTS \"-Daugment.home=$HOME_DIR\" -m "
            + target
            + " \"$@\"\n");
    script.toFile().setExecutable(true, false);
  }

  /** Dumps the CDS archives with the image's java, its output to a log beside the image. */
  private String dumpCds(Path image) throws IOException {
    Path java = image.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
    Path logFile = image.resolveSibling(image.getFileName() + "-cds.log");
    List<List<String>> dumps = new ArrayList<>();
    dumps.add(List.of(java.toString(), "-Xshare:dump"));
    if ("64".equals(System.getProperty("sun.arch.data.model"))) {
      dumps.add(List.of(java.toString(), "-XX:-UseCompressedOops", "-Xshare:dump"));
    }
    StringBuilder all = new StringBuilder();
    int warnings = 0;
    for (List<String> command : dumps) {
      Path out = Files.createTempFile(image.toAbsolutePath().getParent(), "cds", ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean done;
        try {
          done = p.waitFor(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
          throw new IllegalStateException("interrupted while dumping the CDS archive", e);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        all.append("$ ").append(String.join(" ", command)).append('\n').append(text);
        if (!done) {
          p.destroyForcibly();
          throw new IllegalStateException("the CDS dump did not end within 5 minutes: " + command);
        }
        if (p.exitValue() != 0) {
          Files.writeString(logFile, all);
          throw new IllegalStateException(
              "the CDS dump failed with exit code "
                  + p.exitValue()
                  + " ("
                  + command
                  + "):\n"
                  + text);
        }
        warnings += (int) text.lines().filter(l -> l.contains("[warning]")).count();
      } finally {
        Files.deleteIfExists(out);
      }
    }
    Files.writeString(logFile, all);
    Path archive = image.resolve("lib/server/classes.jsa");
    String size =
        Files.exists(archive)
            ? String.format("%.1f MiB", Files.size(archive) / (1024.0 * 1024.0))
            : "not written";
    return "CDS archive lib/server/classes.jsa ("
        + size
        + (dumps.size() > 1 ? ", and classes_nocoops.jsa" : "")
        + "); "
        + warnings
        + " warning(s) about classes the image leaves out, in "
        + logFile.getFileName();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}

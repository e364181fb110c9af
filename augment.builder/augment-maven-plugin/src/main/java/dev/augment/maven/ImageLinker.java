package dev.augment.maven;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
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
 * <p>The CDS archive is dumped afterwards by {@link CdsArchive}, with its output captured, rather
 * than by jlink's {@code --generate-cds-archive}, whose warnings would reach the console.
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
  private Optional<Training> training = Optional.empty();
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

  /** A training run for an application CDS archive; none by default. */
  ImageLinker training(Optional<Training> t) {
    this.training = t;
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
    String summary = cds ? CdsArchive.dump(image) : "no CDS archive (cds=false)";
    Optional<AppCdsArchive.Kind> kind = AppCdsArchive.forThisJdk();
    if (cds && training.isPresent() && kind.isEmpty()) {
      summary +=
          "\nno application CDS archive: " + AppCdsArchive.unsupportedReason() + " (docs/image.md)";
    } else if (cds && training.isPresent()) {
      Training t = training.get();
      Launcher trained =
          all.stream()
              .filter(l -> t.launcher == null || l.name().equals(t.launcher))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the training names launcher '"
                              + t.launcher
                              + "', which the image has not"));
      summary += "\n" + AppCdsArchive.train(image, trained.target(), jvmOptions, t, kind.get());
      for (Launcher l : all) {
        execLauncher(
            image.resolve("bin").resolve(l.name()),
            l.target(),
            jvmOptions,
            kind.filter(k -> k.mappedBy(l.target(), trained.target())));
      }
    }
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
    execLauncher(script, target, jvmOptions, Optional.empty());
  }

  /** As above; with an archive, the launcher maps the image's application archive of that kind. */
  static void execLauncher(
      Path script, String target, List<String> jvmOptions, Optional<AppCdsArchive.Kind> archive)
      throws IOException {
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
            + archive.map(k -> " \"" + k.map() + "$HOME_DIR/" + k.file() + "\"").orElse("")
            + " $JAVA_OPTS \"-Daugment.home=$HOME_DIR\" -m "
            + target
            + " \"$@\"\n");
    script.toFile().setExecutable(true, false);
  }
}

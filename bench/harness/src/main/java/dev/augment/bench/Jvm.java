package dev.augment.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts child JVMs with the same {@code java} as this one, each with only what its system needs.
 *
 * <ul>
 *   <li>Augment: its modules and the contract on the module path, in the boot layer; the harness on
 *       the class path.
 *   <li>The raw JDK: the contract module alone.
 *   <li>PF4J: everything on the class path (PF4J, SLF4J, java-semver, the contract), as PF4J
 *       expects.
 * </ul>
 *
 * <p>The jars come from this JVM's class path, which Maven sets from the harness's dependencies.
 */
final class Jvm {

  private static final Predicate<String> JMH =
      n -> n.startsWith("jmh-") || n.startsWith("jopt-simple") || n.startsWith("commons-math3");
  private static final Predicate<String> PF4J =
      n -> n.startsWith("pf4j-") || n.startsWith("java-semver") || n.startsWith("slf4j-api");

  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
  private final Path harness;
  private final List<Path> classPath;
  private final Path log;
  private final List<Double> loads = new ArrayList<>();

  Jvm(Path work) {
    this.log = work.resolve("children.log");
    try {
      harness = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    classPath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .map(Path::of)
            .filter(p -> !p.toAbsolutePath().equals(harness.toAbsolutePath()))
            .toList();
  }

  Path java() {
    return java;
  }

  Path contractJar() {
    return jar(n -> n.startsWith("augment-bench-contract")).get(0);
  }

  Path pf4jJar() {
    return jar(n -> n.startsWith("pf4j-")).get(0);
  }

  /** augment.api and SLF4J, to compile plugins that implement {@code Lifecycle}. */
  List<Path> apiJars() {
    return jar(n -> n.startsWith("augment-api") || n.startsWith("slf4j-api"));
  }

  private List<Path> jar(Predicate<String> name) {
    List<Path> jars =
        classPath.stream().filter(p -> name.test(p.getFileName().toString())).toList();
    if (jars.isEmpty()) {
      throw new IllegalStateException("not on the class path: " + classPath);
    }
    return jars;
  }

  /** The options that give a child JVM a system's layout, with {@code extra} on the class path. */
  List<String> layout(String system, List<Path> extra) {
    List<Path> cp = new ArrayList<>(List.of(harness));
    cp.addAll(extra);
    if (!system.equals("augment")) {
      // The harness writes changed plugins with ASM; Augment has it on its module path already.
      cp.addAll(jar(n -> n.startsWith("asm-")));
    }
    return switch (system) {
      case "augment" -> {
        List<Path> modules =
            classPath.stream()
                .filter(p -> !JMH.test(p.getFileName().toString()))
                .filter(p -> !p.getFileName().toString().startsWith("pf4j-"))
                .toList();
        yield List.of(
            "-p",
            join(modules),
            "--add-modules",
            "augment.core," + PluginFactory.CONTRACT_MODULE,
            "-cp",
            join(cp));
      }
      case "jdk" ->
          List.of(
              "-p",
              contractJar().toString(),
              "--add-modules",
              PluginFactory.CONTRACT_MODULE,
              "-cp",
              join(cp));
      case "pf4j" -> {
        cp.add(contractJar());
        cp.addAll(jar(PF4J));
        yield List.of("-cp", join(cp));
      }
      default -> throw new IllegalArgumentException(system);
    };
  }

  /** Runs {@link Child} and returns the figures it printed. */
  Map<String, Double> child(String system, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(layout(system, List.of()));
    cmd.add(Child.class.getName());
    cmd.addAll(args);
    return figures(run(cmd));
  }

  /**
   * Runs {@link CallOverhead} with JMH in a JVM of Augment's layout; JMH's forks inherit it.
   *
   * @return nanoseconds per call, by benchmark method
   */
  Map<String, Double> callOverhead(Path folder, Path cache, boolean quick) {
    Path csv = log.resolveSibling("jmh.csv");
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(layout("augment", jar(JMH)));
    cmd.addAll(List.of("org.openjdk.jmh.Main", CallOverhead.class.getName().replace("$", ".")));
    cmd.addAll(quick ? List.of("-f", "1", "-wi", "1", "-i", "1") : List.of("-f", "1"));
    cmd.addAll(List.of("-w", "1s", "-r", "1s", "-rf", "csv", "-rff", csv.toString()));
    cmd.addAll(List.of("-p", "folder=" + folder, "-p", "cache=" + cache));
    run(cmd);
    Map<String, Double> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
        String[] cells = line.split(",");
        String bench = cells[0].replace("\"", "");
        out.put(
            "call." + bench.substring(bench.lastIndexOf('.') + 1) + ".ns",
            Double.parseDouble(cells[4]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The 1-minute load average as each command started. */
  List<Double> loads() {
    return loads;
  }

  /** Runs a command, its standard error appended to the log; fails unless it exits with 0. */
  List<String> run(List<String> cmd) {
    try {
      loads.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
      Files.writeString(
          log,
          "$ " + String.join(" ", cmd) + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      List<String> lines;
      try (var out = p.inputReader()) {
        lines = out.lines().toList();
      }
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + cmd.get(cmd.size() - 1));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "exit " + p.exitValue() + " (standard error is in " + log + ")");
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Double> figures(List<String> lines) {
    Map<String, Double> figures = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("@ ")) {
        int eq = line.indexOf('=');
        figures.put(line.substring(2, eq), Double.parseDouble(line.substring(eq + 1)));
      }
    }
    return figures;
  }

  private static String join(List<Path> paths) {
    return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
  }
}

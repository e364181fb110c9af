package dev.augment.it;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code System.exit} against a real host in a process of its own ({@link ExitHostMain}), where an
 * exit would show as the process's status: the policy keeps every way of exiting out, so the host
 * process returns normally; and the honest limit, a plugin granted {@code reflection} ends it.
 */
class ExitProcessTest {

  private static final String EXITS =
      "try { Runtime.class.getMethod(\"exit\", int.class).invoke(Runtime.getRuntime(), 3); }"
          + " catch (Exception e) { throw new IllegalStateException(e); }";

  @TempDir Path tmp;

  @Test
  void aHostProcessSurvivesEveryPluginThatTriesToExitAndLoadsTheHealthyOne() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    plugin(plugins, "healthy", "", "");
    plugin(plugins, "direct", "System.exit(3);", "");
    plugin(plugins, "halt", "Runtime.getRuntime().halt(3);", "");
    plugin(plugins, "reflective", EXITS, "");
    plugin(
        plugins,
        "handle",
        "try { java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\","
            + " java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(3); }"
            + " catch (Throwable t) { throw new IllegalStateException(t); }",
        "");
    plugin(
        plugins, "reference", "java.util.function.IntConsumer c = System::exit; c.accept(3);", "");
    Run run = host(plugins, false);
    assertEquals(0, run.status(), run.output());
    for (String name : List.of("direct", "halt", "reflective", "handle", "reference")) {
      assertTrue(run.output().contains("refused " + name + " bytecode-policy"), run.output());
    }
    assertTrue(run.output().contains("greeted healthy hello x"), run.output());
    assertTrue(run.output().contains("loaded [healthy]"), run.output());
    assertTrue(run.output().contains("host survived"), run.output());
  }

  @Test
  void aPluginGrantedReflectionCanEndTheHostProcessWhichIsWhyUntrustedPluginsRunInOneOfTheirOwn()
      throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("granted"));
    plugin(plugins, "reflective", EXITS, "\"capabilities\":[\"reflective\"]");
    Run run = host(plugins, true);
    assertEquals(3, run.status(), run.output());
    assertFalse(run.output().contains("host survived"), run.output());
  }

  private record Run(int status, String output) {}

  private Run host(Path plugins, boolean grant) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath = System.getProperty("java.class.path");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "--module-path",
                System.getProperty("jdk.module.path"),
                "--patch-module",
                "augment.it=" + classPath.split(File.pathSeparator)[0],
                "--add-reads",
                "augment.it=ALL-UNNAMED",
                "--add-modules",
                "java.compiler",
                "-cp",
                classPath,
                "-m",
                "augment.it/" + ExitHostMain.class.getName(),
                plugins.toString(),
                tmp.resolve("cache-" + plugins.getFileName()).toString()));
    if (grant) {
      command.add("grant");
    }
    Path log = tmp.resolve("host-" + plugins.getFileName() + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the host process did not end: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  private void plugin(Path plugins, String name, String constructor, String extra) {
    String module = "fixture.exit." + name;
    Path jar = greeterJar(module).constructor(constructor).writeTo(tmp.resolve("jars"));
    String json =
        extra.isEmpty() ? manifest(name, "1.0.0", module) : manifest(name, "1.0.0", module, extra);
    pluginDir(plugins.resolve(name), json, jar);
  }
}

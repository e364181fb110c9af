package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged host as a separate JVM, exactly as the README says: {@code java -p
 * target/modules -m augment.example.host/dev.augment.example.host.Main target/plugins}.
 *
 * <p>This is the real module-path proof: no test framework, no patched module, only the jars of
 * {@code target/modules} in the boot layer and the plugin zips of {@code target/plugins}.
 */
class HostProcessIT {

  private static final String MODULES = System.getProperty("host.modules", "target/modules");
  private static final String PLUGINS = System.getProperty("host.plugins", "target/plugins");
  private static final String MAIN = "augment.example.host/dev.augment.example.host.Main";

  @TempDir Path work;

  private record Result(int exitCode, String out, String err) {}

  private Result runHost(String pluginFolder) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Djava.io.tmpdir=" + work,
                "-p",
                MODULES,
                "-m",
                MAIN,
                pluginFolder)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the host did not finish within 60 s; stderr: " + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void hostOnTheModulePathPrintsBothPluginsAnswers() throws Exception {
    Result result = runHost(PLUGINS);

    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("GET /health -> OK [host]"), result.out());
    assertTrue(
        result.out().contains("GET /hello?name=world -> Hello, World! [greeter@"), result.out());
    assertTrue(result.out().contains("GET /shout?text=hello -> HELLO [legacy@"), result.out());
    assertTrue(!result.out().contains("SKIPPED"), result.out());
    assertTrue(
        result.err().contains("2 added, 0 updated, 0 removed, 0 unchanged, 0 failed"),
        "logs go to stderr: " + result.err());
  }

  @Test
  void missingPluginFolderExitsWithCode2() throws Exception {
    Result result = runHost(work.resolve("missing").toString());

    assertEquals(2, result.exitCode(), result.err());
    assertEquals("", result.out());
  }
}

package dev.augment.jlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Jars;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe of docs/host-guide.md for an application that stays on the class path: Augment and the
 * contract on the module path with {@code --add-modules}, the application's own code on {@code
 * -cp}; and what {@code build()} says when the contract is on the class path too.
 */
class ClassPathHostIT {

  private static final Path PLUGINS =
      Path.of(System.getProperty("augment.plugins", "target/test-plugins"));
  private static final Path MODULES =
      Path.of(System.getProperty("augment.modules", "target/modules"));

  @TempDir static Path tmp;

  private static Path app;
  private static List<Path> jars;

  @BeforeAll
  static void compileAClassPathApplication() throws Exception {
    try (Stream<Path> list = Files.list(MODULES)) {
      jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    app =
        Jars.of()
            .modulePath(jars.toArray(Path[]::new))
            .source(
                "app/Main.java",
                """
                package app;
                import dev.augment.core.Capability;
                import dev.augment.core.host.PluginHost;
                import dev.augment.example.contract.Request;
                import dev.augment.example.contract.Route;
                import java.nio.file.Path;
                import java.time.Clock;
                public class Main {
                  public static void main(String[] args) {
                    try (PluginHost<Route> host = PluginHost.builder(Route.class)
                        .folder(Path.of(args[0]))
                        .cacheDirectory(Path.of(args[1]))
                        .capability(Capability.named("clock").services(Clock.class).build())
                        .capability(Capability.named("http.observe").build())
                        .service(Clock.class, Clock.systemUTC())
                        .build()) {
                      host.reload();
                      host.failures().forEach(f -> System.out.println("FAILED " + f.message()));
                      host.get("greeter").ifPresent(p -> System.out.println(
                          "greeter says " + p.provider().handle(Request.parse("/hello?name=world"))));
                      System.out.println("app in the unnamed module: " + !Main.class.getModule().isNamed());
                    }
                  }
                }
                """)
            .writeTo(tmp.resolve("app.jar"));
  }

  private static String run(List<String> command, boolean ok) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
    if (ok) {
      assertEquals(0, p.exitValue(), out);
    } else {
      assertNotEquals(0, p.exitValue(), out);
    }
    return out;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void aClassPathApplicationRunsPluginsWithAugmentAndTheContractAsNamedModules() throws Exception {
    String out =
        run(
            List.of(
                java(),
                "--module-path",
                MODULES.toString(),
                "--add-modules",
                "augment.example.contract,augment.core",
                "-cp",
                app.toString(),
                "app.Main",
                PLUGINS.toString(),
                tmp.resolve("cache").toString()),
            true);
    assertTrue(out.contains("greeter says Hello, World!"), out);
    assertTrue(out.contains("app in the unnamed module: true"), out);
  }

  @Test
  void everythingOnTheClassPathFailsAtBuildWithTheRecipe() throws Exception {
    List<String> classPath = new ArrayList<>(List.of(app.toString()));
    jars.forEach(j -> classPath.add(j.toString()));
    String out =
        run(
            List.of(
                java(),
                "-cp",
                String.join(File.pathSeparator, classPath),
                "app.Main",
                PLUGINS.toString(),
                tmp.resolve("cache2").toString()),
            false);
    assertTrue(
        out.contains(
            "the contract dev.augment.example.contract.Route is in the unnamed module (it was"
                + " loaded from the class path)"),
        out);
    assertTrue(out.contains("--add-modules <the contract's module>,augment.core"), out);
  }
}

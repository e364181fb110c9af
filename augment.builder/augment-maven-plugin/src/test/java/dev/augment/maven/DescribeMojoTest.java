package dev.augment.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Jars;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Describes a real host, compiled here, from its own builder method on a module path. */
class DescribeMojoTest {

  @TempDir static Path tmp;

  private static final Pattern RUNTIME =
      Pattern.compile("(augment-(api|core)-|jackson-|asm-\\d|slf4j-(api|simple)-).*\\.jar");

  private static List<Path> modulePath;

  @BeforeAll
  static void compileAHost() {
    List<Path> runtime =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> RUNTIME.matcher(p.getFileName().toString()).matches())
            .toList();
    Path contract =
        Jars.of()
            .source("module-info.java", "module demo.contract { exports demo.contract; }")
            .source(
                "demo/contract/Greeting.java",
                "package demo.contract; public interface Greeting {}")
            .moduleVersion("2.3.0")
            .writeTo(tmp.resolve("contract.jar"));
    List<Path> compile = new ArrayList<>(runtime);
    compile.add(contract);
    Path host =
        Jars.of()
            .modulePath(compile.toArray(Path[]::new))
            .source(
                "module-info.java",
                "module demo.host { requires augment.core; requires demo.contract; }")
            .source(
                "demo/host/Host.java",
                """
                package demo.host;
                import dev.augment.core.Capability;
                import dev.augment.core.host.PluginHost;
                import dev.augment.core.host.PluginHostBuilder;
                import demo.contract.Greeting;
                import java.nio.file.Path;
                final class Host {
                  static PluginHostBuilder<Greeting> builder(Path folder) {
                    return PluginHost.builder(Greeting.class).folder(folder)
                        .capability(Capability.named("clock").services(java.time.Clock.class).build());
                  }
                }
                """)
            .writeTo(tmp.resolve("host.jar"));
    modulePath = new ArrayList<>(List.of(host, contract));
    modulePath.addAll(runtime);
  }

  @Test
  void theDescriptionComesFromTheHostsOwnBuilderOnAModulePath() {
    String json = DescribeMojo.describe(modulePath, "demo.host.Host#builder");
    assertTrue(json.contains("\"contract\" : \"demo.contract.Greeting\""), json);
    assertTrue(json.contains("\"contractModule\" : \"demo.contract\""), json);
    assertTrue(json.contains("\"contractVersion\" : \"2.3.0\""), json);
    assertTrue(json.contains("\"services\" : [ \"java.time.Clock\" ]"), json);
    assertTrue(json.contains("\"demo.host\""), "the host's own module is a host module: " + json);
  }

  @Test
  void aMissingMethodSaysWhatTheGoalExpects() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DescribeMojo.describe(modulePath, "demo.host.Host#nothing"));
    assertEquals(
        "demo.host.Host has no static method nothing() or nothing(Path) that returns the host's"
            + " PluginHostBuilder",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> DescribeMojo.describe(modulePath, "demo.host.Host"));
  }
}

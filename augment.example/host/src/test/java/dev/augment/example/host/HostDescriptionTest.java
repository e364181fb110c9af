package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augment.core.HostDescription;
import dev.augment.core.host.HostDescriptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code augment.example/augment-host.json}, which the example plugins are verified against
 * at build time, in step with {@link ExampleHost}. Run with {@code -Daugment.host.update=true} to
 * rewrite it.
 */
class HostDescriptionTest {

  private static final Path FILE = Path.of("../augment-host.json");

  @Test
  void theCommittedHostDescriptionMatchesTheExampleHost() throws IOException {
    HostDescription actual =
        ExampleHost.builder(Path.of("target/plugins"), Clock.systemUTC()).describe();
    if (Boolean.getBoolean("augment.host.update") || !Files.exists(FILE)) {
      HostDescriptions.write(actual, FILE);
    }
    assertEquals(
        Files.readString(FILE),
        HostDescriptions.toJson(actual),
        "augment-host.json is stale; rerun with -Daugment.host.update=true");
  }
}

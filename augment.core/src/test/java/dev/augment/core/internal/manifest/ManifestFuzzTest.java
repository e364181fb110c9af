package dev.augment.core.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.augment.core.ManifestException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the manifest reader over arbitrary bytes: it returns a manifest or throws a {@link
 * ManifestException} with {@link Rule#MANIFEST} whose message names a plugin and the file and holds
 * no raw control character; never anything else. A manifest it accepts has a name and an entry
 * point that are printable.
 *
 * <p>The default build runs the inputs in {@code ManifestFuzzTestInputs/} only (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class ManifestFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyBytesAreReadAsAManifestOrRefusedAsOne(byte[] bytes) throws IOException {
    Path dir = Files.createTempDirectory("augment-fuzz-manifest");
    try {
      Path file = Files.write(dir.resolve(PluginManifest.FILE_NAME), bytes);
      try {
        PluginManifest m = new ManifestReader().read(dir, "fuzzed", file);
        assertTrue(m.name().chars().allMatch(c -> c > 0x20 && c < 0x7f), m.name());
        assertTrue(m.entryPoint().chars().noneMatch(Character::isISOControl), m.entryPoint());
      } catch (ManifestException e) {
        assertEquals(Rule.MANIFEST, e.rule(), e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin '"), e.getMessage());
        assertTrue(e.getMessage().contains(PluginManifest.FILE_NAME), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c != 0x7f), e.getMessage());
      }
    } finally {
      Files.deleteIfExists(dir.resolve(PluginManifest.FILE_NAME));
      Files.deleteIfExists(dir);
    }
  }
}

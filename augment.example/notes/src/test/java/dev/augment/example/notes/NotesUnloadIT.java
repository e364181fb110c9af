package dev.augment.example.notes;

import dev.augment.testkit.PluginAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packed notes plugin loads in a host of its own, beside the storage plugin it depends on, and
 * both unload. {@code augment:pack} copied storage's zip (a Maven dependency of type zip) into
 * {@code target/augment-dependencies}.
 */
class NotesUnloadIT {

  @Test
  void notesLoadsOnStorageAndBothUnload() throws IOException {
    List<Path> dependencies;
    try (Stream<Path> zips = Files.list(Path.of("target/augment-dependencies"))) {
      dependencies = zips.toList();
    }
    if (dependencies.isEmpty()) {
      throw new AssertionError("augment:pack staged no dependency in target/augment-dependencies");
    }
    PluginAssertions.assertUnloadsCleanlyInAHost(
        Path.of("target/plugin"),
        dependencies,
        Path.of(System.getProperty("augment.hostDescription")));
  }
}

package dev.augment.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Fixtures;
import dev.augment.fixtures.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pack and verify goals take from a dependent's plugin dependencies, on a real plugin zip:
 * which artifacts are plugin zips, which modules they hold (so that their jars are neither packed
 * nor host modules), and the folder the dependent is verified in.
 */
class PluginDependenciesTest {

  @TempDir Path tmp;

  private Path apiJar() {
    return Jars.of()
        .source("module-info.java", "module st.api { exports st.api; }")
        .source("st/api/Api.java", "package st.api; public class Api {}")
        .moduleVersion("1.1.0")
        .writeTo(tmp.resolve("jars/st.api-1.1.0.jar"));
  }

  private Path storageZip(Path api) {
    Path dir =
        Fixtures.pluginDir(
            tmp.resolve("storage"),
            Fixtures.manifest("storage", "1.1.0", "fixture.mdstorage"),
            api,
            Fixtures.greeterJar("fixture.mdstorage").writeTo(tmp.resolve("jars")));
    return Fixtures.zip(dir, tmp.resolve("storage-1.1.0.zip"));
  }

  private static Artifact artifact(String id, String type, String classifier, Path file) {
    DefaultArtifact a =
        new DefaultArtifact(
            "com.acme",
            id,
            "1.0.0",
            "provided",
            type,
            classifier,
            new DefaultArtifactHandler(type));
    a.setFile(file.toFile());
    return a;
  }

  @Test
  void theModulesOfADependencysZipAreWhatTheDependentMustNotCarry() throws Exception {
    Path api = apiJar();
    Path zip = storageZip(api);
    assertEquals(Set.of("st.api", "fixture.mdstorage"), PluginDependencies.modules(List.of(zip)));
    assertEquals(Optional.of("st.api"), PluginDependencies.moduleOf(api));
    assertEquals(Optional.empty(), PluginDependencies.moduleOf(zip), "a zip is no module");
  }

  @Test
  void onlyZipsWithThePluginClassifierArePluginDependencies() throws Exception {
    Path zip = storageZip(apiJar());
    Artifact plugin = artifact("storage", "zip", "plugin", zip);
    Artifact other = artifact("docs", "zip", "site", zip);
    Artifact jar = artifact("storage", "jar", null, apiJar());
    assertTrue(PluginDependencies.isPluginZip(plugin));
    assertFalse(PluginDependencies.isPluginZip(other));
    assertFalse(PluginDependencies.isPluginZip(jar));
    assertEquals(List.of(zip), PluginDependencies.zips(List.of(jar, plugin, other)));
  }

  @Test
  void aLibraryThatComesThroughAPluginZipRidesInThatZip() throws Exception {
    Path zip = storageZip(apiJar());
    Artifact plugin = artifact("storage", "zip", "plugin", zip);
    Artifact library = artifact("lib", "jar", null, apiJar());
    library.setDependencyTrail(
        List.of("com.acme:notes:jar:1.0.0", plugin.getId(), library.getId()));
    Artifact own = artifact("own", "jar", null, apiJar());
    own.setDependencyTrail(List.of("com.acme:notes:jar:1.0.0", own.getId()));
    List<Artifact> all = List.of(plugin, library, own);
    assertTrue(PluginDependencies.throughAPluginZip(library, all));
    assertFalse(PluginDependencies.throughAPluginZip(own, all));
    assertFalse(PluginDependencies.throughAPluginZip(plugin, all), "the zip itself is not packed");
  }

  @Test
  void theDependencyZipsAreStagedAsAPluginFolderOfTheirOwn() throws Exception {
    Path zip = storageZip(apiJar());
    Path folder = tmp.resolve("target/augment-dependencies");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("stale.zip"), "from an earlier build");
    PluginDependencies.stage(List.of(zip), folder);
    try (var files = Files.list(folder)) {
      assertEquals(
          List.of("storage-1.1.0.zip"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}

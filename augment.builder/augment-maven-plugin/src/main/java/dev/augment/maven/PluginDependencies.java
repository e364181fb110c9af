package dev.augment.maven;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.artifact.Artifact;

/**
 * A plugin project's plugin dependencies: the zips of the plugins it builds on, declared as Maven
 * dependencies of type {@code zip} and classifier {@code plugin} (what {@code augment:pack}
 * attaches).
 *
 * <p>A dependent compiles against its dependency's jar (a {@code provided} dependency) but must not
 * carry it, and the verifier must not take it for a host module: at run time it lives in the
 * dependency's layer. So the modules the dependency zips hold are left out of both.
 */
final class PluginDependencies {

  /** The classifier and type {@code augment:pack} attaches a plugin zip with. */
  static final String CLASSIFIER = "plugin";

  static final String TYPE = "zip";

  private PluginDependencies() {}

  /** Tells whether an artifact is a plugin's zip. */
  static boolean isPluginZip(Artifact a) {
    return TYPE.equals(a.getType()) && CLASSIFIER.equals(a.getClassifier());
  }

  /** The plugin zips among the project's artifacts, in Maven's order. */
  static List<Path> zips(Collection<Artifact> artifacts) {
    List<Path> zips = new ArrayList<>();
    for (Artifact a : artifacts) {
      if (isPluginZip(a) && a.getFile() != null) {
        zips.add(a.getFile().toPath());
      }
    }
    return zips;
  }

  /**
   * Tells whether an artifact came in through a plugin zip's own dependencies: those ride in that
   * plugin's zip and live in its layer, never in the dependent's.
   */
  static boolean throughAPluginZip(Artifact a, Collection<Artifact> artifacts) {
    List<String> trail = a.getDependencyTrail();
    if (trail == null) {
      return false;
    }
    for (Artifact z : artifacts) {
      if (isPluginZip(z) && trail.subList(0, trail.size() - 1).contains(z.getId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The names of the modules in the plugin zips' {@code modules/} folders.
   *
   * @param zips plugin zips
   * @return their module names
   * @throws IOException if a zip cannot be read
   */
  static Set<String> modules(List<Path> zips) throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path zip : zips) {
      Path dir = Files.createTempDirectory("augment-dependency-modules");
      try (ZipFile file = new ZipFile(zip.toFile())) {
        for (ZipEntry e : java.util.Collections.list(file.entries())) {
          String name = e.getName();
          if (!e.isDirectory()
              && name.startsWith("modules/")
              && name.endsWith(".jar")
              && name.indexOf('/', "modules/".length()) < 0) {
            try (InputStream in = file.getInputStream(e)) {
              Files.copy(in, dir.resolve(name.substring("modules/".length())));
            }
          }
        }
        for (ModuleReference r : ModuleFinder.of(dir).findAll()) {
          names.add(r.descriptor().name());
        }
      } catch (FindException e) {
        throw new IOException(zip + " holds a jar that is not a module: " + e.getMessage(), e);
      } finally {
        ArchiveFolders.delete(dir);
      }
    }
    return names;
  }

  /**
   * The name of a jar's module, or empty when it cannot be read as one.
   *
   * @param jar a jar
   * @return its module's name
   */
  static java.util.Optional<String> moduleOf(Path jar) {
    try {
      return ModuleFinder.of(jar).findAll().stream().findFirst().map(r -> r.descriptor().name());
    } catch (FindException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Copies the zips into a fresh folder, the plugin folder the dependent is verified against.
   *
   * @param zips plugin zips
   * @param folder the folder, emptied first
   * @return the folder
   * @throws IOException if a zip cannot be copied
   */
  static Path stage(List<Path> zips, Path folder) throws IOException {
    ArchiveFolders.delete(folder);
    Files.createDirectories(folder);
    for (Path zip : zips) {
      Files.copy(zip, folder.resolve(zip.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return folder;
  }
}

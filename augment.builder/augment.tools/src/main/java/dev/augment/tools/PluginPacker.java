package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.PluginManifest;
import dev.augment.core.internal.pipeline.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs a plugin into the zip a host loads: {@code plugin.manifest.json} at the root and the jars
 * in {@code modules/}.
 *
 * <p>The zip is reproducible: entries are sorted and carry a fixed time stamp, so the same inputs
 * give the same bytes and the same fingerprint in a host's cache. It is written next to the target
 * under a hidden name and renamed into place, so a host watching the folder never sees it half
 * written.
 */
@Api.Experimental
public final class PluginPacker {

  /**
   * The time stamp of every entry, as a local date-time: the zip format's DOS time is local, so
   * setting it this way gives the same bytes in every time zone.
   */
  static final LocalDateTime STAMP = LocalDateTime.of(1980, 2, 1, 0, 0);

  private PluginPacker() {}

  /**
   * Reads and checks the manifest of a plugin folder with the host's own manifest reader.
   *
   * @param folder a folder holding {@code plugin.manifest.json}
   * @return the manifest
   * @throws dev.augment.core.ManifestException if it is missing, unreadable or breaks the schema;
   *     the message names the file, the field and the rule
   */
  public static PluginManifest manifest(Path folder) {
    return Pipeline.manifest(folder);
  }

  /**
   * Packs a plugin folder (manifest at its root, jars in {@code modules/}).
   *
   * @param folder the plugin folder
   * @param zip the zip to write
   * @return the zip
   * @throws IllegalArgumentException if the folder has no manifest or no {@code modules/}
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static Path packFolder(Path folder, Path zip) {
    Path manifest = folder.resolve(PluginManifest.FILE_NAME);
    Path modules = folder.resolve("modules");
    if (!Files.isRegularFile(manifest) || !Files.isDirectory(modules)) {
      throw new IllegalArgumentException(
          folder
              + " is not a plugin folder: it needs "
              + PluginManifest.FILE_NAME
              + " and modules/");
    }
    List<Path> jars;
    try (Stream<Path> list = Files.list(modules)) {
      jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (jars.isEmpty()) {
      // Not "missing": the folder is there, it holds no jar (a zip would then lack modules/).
      throw new IllegalArgumentException(
          folder
              + " is not a plugin folder yet: its modules/ is empty; put the plugin's jars in it");
    }
    return pack(manifest, jars, zip);
  }

  /**
   * Packs a manifest and jars.
   *
   * @param manifest the plugin's manifest file
   * @param jars the plugin's jars: its own and its bundled dependencies
   * @param zip the zip to write
   * @return the zip
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static Path pack(Path manifest, List<Path> jars, Path zip) {
    Path target = zip.toAbsolutePath();
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      Files.createDirectories(target.getParent());
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
        add(out, PluginManifest.FILE_NAME, manifest);
        for (Path jar : jars.stream().sorted((a, b) -> name(a).compareTo(name(b))).toList()) {
          add(out, "modules/" + name(jar), jar);
        }
      }
      return Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static void add(ZipOutputStream out, String name, Path file) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(STAMP);
    out.putNextEntry(entry);
    Files.copy(file, out);
    out.closeEntry();
  }
}

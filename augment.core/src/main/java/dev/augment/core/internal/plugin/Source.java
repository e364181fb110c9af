package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A folder or zip that may hold a plugin, named once in one normalized form.
 *
 * <p>This is the one place that tells a plugin folder from a plugin zip: a directory is a folder; a
 * regular file whose name ends in {@code .zip}, in any case, is a zip. Anything else (a FIFO or
 * device named {@code x.zip}, a plain file) is neither, and is never opened.
 *
 * @param path the plugin's folder or zip, absolute and normalized
 * @param root the host folder it was found in, absolute and normalized; its own parent for a plugin
 *     loaded by path
 * @param kind folder or zip
 * @param seen the zip's stamp as the folder scan saw it, so that the cache need not read it again;
 *     empty for a folder or a source named by path
 */
@Api.Internal
public record Source(Path path, Path root, Kind kind, Optional<SourceStamp> seen) {

  /**
   * Names a source whose metadata was not read yet.
   *
   * @param path the plugin's folder or zip, absolute and normalized
   * @param root the host folder it was found in
   * @param kind folder or zip
   */
  public Source(Path path, Path root, Kind kind) {
    this(path, root, kind, Optional.empty());
  }

  /**
   * Two sources are the same when they name the same path, root and kind; what the scan saw of the
   * file is a hint, not part of what the source is.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Source s && path.equals(s.path) && root.equals(s.root) && kind == s.kind;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, root, kind);
  }

  /** The folder inside a plugin that holds its jars. */
  public static final String MODULES_DIR = "modules";

  /** What a source is. */
  public enum Kind {
    /** A plugin folder: {@code plugin.manifest.json} and {@code modules/}. */
    FOLDER,
    /** A zip of a plugin folder. */
    ZIP
  }

  /**
   * Tells what a path holds, without opening it.
   *
   * @param path a path
   * @return {@link Kind#FOLDER} for a directory, {@link Kind#ZIP} for a regular file named {@code
   *     *.zip}; empty for anything else
   */
  public static Optional<Kind> kindOf(Path path) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.empty();
    }
    return kindOf(path, attributes);
  }

  /**
   * Tells what a path holds from attributes already read: one {@code stat} per candidate when a
   * folder of a thousand plugins is scanned on every reload.
   *
   * @param path a path
   * @param attributes its attributes, links followed
   * @return {@link Kind#FOLDER} for a directory, {@link Kind#ZIP} for a regular file named {@code
   *     *.zip}; empty for anything else
   */
  public static Optional<Kind> kindOf(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return Optional.of(Kind.FOLDER);
    }
    Path name = path.getFileName();
    if (name != null
        && attributes.isRegularFile()
        && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return Optional.of(Kind.ZIP);
    }
    return Optional.empty();
  }

  /**
   * Returns a path in the one form sources are compared in: absolute and normalized.
   *
   * @param path a path
   * @return its normalized absolute form
   */
  public static Path normalize(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /**
   * Returns the name to call the plugin by until its manifest is read: its file name.
   *
   * @return the label
   */
  public String label() {
    return String.valueOf(path.getFileName());
  }

  /**
   * Tells whether this source is a zip.
   *
   * @return {@code true} for a zip
   */
  public boolean zip() {
    return kind == Kind.ZIP;
  }
}

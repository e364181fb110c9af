package dev.augment.maven;

import dev.augment.core.ManifestException;
import dev.augment.core.PluginManifest;
import dev.augment.tools.PluginPacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/** Fills a manifest template with the project's coordinates and stages it. */
final class Manifests {

  private Manifests() {}

  /**
   * The staged manifest.
   *
   * @param file where it was written
   * @param name the plugin's name, for the zip's file name
   * @param version the plugin's version, for the zip's file name and the module version
   */
  record Filtered(Path file, String name, String version) {}

  static Filtered filter(Path template, MavenProject project, Path staging) throws IOException {
    String text =
        Files.readString(template)
            .replace("${project.version}", project.getVersion())
            .replace("${project.artifactId}", project.getArtifactId())
            .replace("${project.name}", String.valueOf(project.getName()))
            .replace("${project.description}", escape(project.getDescription()));
    Files.createDirectories(staging);
    Path out = staging.resolve("plugin.manifest.json");
    Files.writeString(out, text);
    // The host's own reader: a manifest a host would refuse is refused here, before packing.
    PluginManifest m;
    try {
      m = PluginPacker.manifest(staging);
    } catch (ManifestException e) {
      throw new IllegalArgumentException(
          template + ", once filled in, is refused: " + e.getMessage(), e);
    }
    return new Filtered(out, m.name(), m.version().toString());
  }

  /** Escapes text for a JSON string: quotes, backslashes and control characters. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}

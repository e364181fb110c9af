package dev.augment.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fills a manifest template with the project's coordinates and stages it. */
final class Manifests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

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
    // The verify goal checks the manifest fully; packing only needs the zip name's parts.
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          template + " is not valid JSON once filled in: " + e.getOriginalMessage(), e);
    }
    return new Filtered(
        out,
        root.path("name").asString("plugin"),
        root.path("version").asString(project.getVersion()));
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

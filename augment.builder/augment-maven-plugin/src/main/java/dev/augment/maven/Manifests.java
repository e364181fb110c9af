package dev.augment.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.project.MavenProject;

/** Fills a manifest template with the project's coordinates and stages it. */
final class Manifests {

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

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
            .replace(
                "${project.description}",
                String.valueOf(project.getDescription()).replace("\"", "\\\""));
    Files.createDirectories(staging);
    Path out = staging.resolve("plugin.manifest.json");
    Files.writeString(out, text);
    // The verify goal checks the manifest fully; packing only needs the file name's parts.
    return new Filtered(out, find(NAME, text, "plugin"), find(VERSION, text, project.getVersion()));
  }

  private static String find(Pattern p, String text, String fallback) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : fallback;
  }
}

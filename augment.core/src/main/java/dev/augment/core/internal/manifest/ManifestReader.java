package dev.augment.core.internal.manifest;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import dev.augment.core.ManifestException;
import dev.augment.core.PluginManifest;
import dev.augment.core.Version;
import dev.augment.core.VersionRange;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code plugin.manifest.json} and checks it against the manifest schema.
 *
 * <p>Jackson parses the file into a tree; the checks are written here rather than as data binding
 * so that each error names the field (as a JSON pointer) and the rule it breaks in words a plugin
 * author can act on. The reader is stateless and safe to share between threads.
 */
@Api.Internal
public final class ManifestReader {

  /** Manifests larger than this are refused before they are parsed. */
  public static final long MAX_BYTES = 1024 * 1024;

  static final int MAX_NAME_LENGTH = 64;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> FIELDS =
      Set.of("name", "version", "entryPoint", "meta", "capabilities", "compatibility");

  /**
   * The one mapper of every reader, made when the first manifest is read: setting up a Jackson
   * mapper costs a cold JVM a few hundred milliseconds, which a host that reads no manifest (all of
   * its plugins known to its cache's index) never pays.
   */
  private static final class Mapper {
    static final JsonMapper INSTANCE =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // 1e400 would otherwise become Infinity; meta reaches the host as written.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Mapper() {}
  }

  /**
   * Reads the manifest at the root of a plugin folder.
   *
   * @param pluginDir the plugin's folder (a zip's extracted copy)
   * @param label what to call the plugin in errors until its name is known
   * @param reportAs the file errors name: the manifest of a folder, or the zip it came from
   * @return the validated manifest
   * @throws ManifestException if the manifest is missing, too large, not JSON or invalid
   */
  public PluginManifest read(Path pluginDir, String label, Path reportAs) {
    Path file = pluginDir.resolve(PluginManifest.FILE_NAME);
    JsonNode root = parse(file, label, reportAs);
    return new Check(reportAs, label).manifest(root);
  }

  private JsonNode parse(Path file, String label, Path reportAs) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ManifestException(
            label, reportAs, "", "is " + size + " bytes; a manifest may hold at most 1 MiB", null);
      }
      try (InputStream in = Files.newInputStream(file)) {
        return Mapper.INSTANCE.readTree(in.readNBytes((int) MAX_BYTES + 1));
      }
    } catch (NoSuchFileException e) {
      throw new ManifestException(
          label, reportAs, "", "is missing; every plugin has one at its root", null);
    } catch (IOException e) {
      throw new ManifestException(label, reportAs, "", "cannot be read: " + e.getMessage(), e);
    } catch (JacksonException e) {
      throw new ManifestException(
          label, reportAs, "", "is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The checks of one manifest; knows the file and the name to report. */
  private static final class Check {
    private final Path file;
    private String label;

    Check(Path file, String label) {
      this.file = file;
      this.label = label;
    }

    PluginManifest manifest(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw fail("", "must be a JSON object");
      }
      String name = requiredString(root, "name");
      if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
        throw fail(
            "/name",
            "'"
                + name
                + "' must match [a-z0-9][a-z0-9._-]* and be at most "
                + MAX_NAME_LENGTH
                + " characters");
      }
      label = name;
      for (String field : root.propertyNames()) {
        if (!FIELDS.contains(field)) {
          throw fail("/" + escape(field), "is not a manifest field; allowed are " + sorted(FIELDS));
        }
      }
      String versionText = requiredString(root, "version");
      Version version =
          Version.tryParse(versionText)
              .orElseThrow(
                  () ->
                      fail(
                          "/version",
                          "'" + versionText + "' is not a semantic version (MAJOR.MINOR.PATCH)"));
      String entryPoint = requiredString(root, "entryPoint");
      checkModuleName(entryPoint);
      JsonNode meta = root.get("meta");
      if (meta == null) {
        throw fail("/meta", "is required: a JSON object of host-specific data, {} if none");
      }
      if (!meta.isObject()) {
        throw fail("/meta", "must be a JSON object, found " + kind(meta));
      }
      return new PluginManifest(
          name,
          version,
          entryPoint,
          JsonValues.objectToMap(meta),
          capabilities(root.get("capabilities")),
          compatibility(root.get("compatibility")));
    }

    private String requiredString(JsonNode root, String field) {
      JsonNode node = root.get(field);
      if (node == null) {
        throw fail("/" + field, "is required");
      }
      if (!node.isString()) {
        throw fail("/" + field, "must be a string, found " + kind(node));
      }
      if (node.stringValue().isBlank()) {
        throw fail("/" + field, "must not be blank");
      }
      return node.stringValue();
    }

    private void checkModuleName(String entryPoint) {
      try {
        // The JDK takes NUL and other "ignorable" characters as parts of an identifier; no
        // module a plugin can ship has one, and messages and logs must not carry them.
        if (entryPoint.chars().anyMatch(c -> Character.isIdentifierIgnorable(c))) {
          throw new IllegalArgumentException("ignorable character");
        }
        ModuleDescriptor.newModule(entryPoint);
      } catch (IllegalArgumentException e) {
        throw fail(
            "/entryPoint",
            "'" + entryPoint + "' is not a legal module name such as com.acme.hello");
      }
    }

    private List<String> capabilities(JsonNode node) {
      if (node == null) {
        return List.of();
      }
      if (!node.isArray()) {
        throw fail("/capabilities", "must be an array of capability names, found " + kind(node));
      }
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (!item.isString() || item.stringValue().isBlank()) {
          throw fail("/capabilities/" + i, "must be a non-blank string, found " + kind(item));
        }
        try {
          // A name no host can define is refused here, by every entry point, not as unknown by
          // a host only: the same words as a host's capability names.
          Capability.named(item.stringValue()).build();
        } catch (IllegalArgumentException e) {
          throw fail("/capabilities/" + i, "is not a capability name: " + e.getMessage());
        }
        if (!names.add(item.stringValue())) {
          throw fail("/capabilities/" + i, "'" + item.stringValue() + "' is declared twice");
        }
      }
      return new ArrayList<>(names);
    }

    private Map<String, VersionRange> compatibility(JsonNode node) {
      if (node == null) {
        return Map.of();
      }
      if (!node.isObject()) {
        throw fail("/compatibility", "must be an object of version ranges, found " + kind(node));
      }
      Map<String, VersionRange> ranges = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isString() || e.getValue().stringValue().isBlank()) {
          throw fail(
              "/compatibility/" + escape(e.getKey()),
              "must be a version range string such as \"^1.0.0\", found " + kind(e.getValue()));
        }
        try {
          ranges.put(e.getKey(), VersionRange.parse(e.getValue().stringValue()));
        } catch (IllegalArgumentException bad) {
          throw fail("/compatibility/" + escape(e.getKey()), bad.getMessage());
        }
      }
      return ranges;
    }

    private ManifestException fail(String field, String rule) {
      return new ManifestException(label, file, field, rule, null);
    }

    private static String kind(JsonNode node) {
      if (node.isString() && node.stringValue().isBlank()) {
        return "a blank string";
      }
      return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Escapes a property name for a JSON pointer (RFC 6901). */
    private static String escape(String name) {
      return name.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> sorted(Set<String> set) {
      return set.stream().sorted().toList();
    }
  }
}

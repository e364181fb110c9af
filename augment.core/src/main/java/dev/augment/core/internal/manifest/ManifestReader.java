package dev.augment.core.internal.manifest;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import dev.augment.core.ManifestException;
import dev.augment.core.PluginDependency;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Reads {@code plugin.manifest.json} and checks it against the manifest schema.
 *
 * <p>{@link JsonTree} parses the file into plain Java values; the checks are written here rather
 * than as data binding so that each error names the field (as a JSON pointer) and the rule it
 * breaks in words a plugin author can act on. The reader is stateless and safe to share between
 * threads.
 */
@Api.Internal
public final class ManifestReader {

  /** Manifests larger than this are refused before they are parsed. */
  public static final long MAX_BYTES = 1024 * 1024;

  static final int MAX_NAME_LENGTH = 64;
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> FIELDS =
      Set.of(
          "name", "version", "entryPoint", "meta", "capabilities", "compatibility", "dependencies");

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
    Object root = parse(file, label, reportAs);
    return new Check(reportAs, label).manifest(root);
  }

  private Object parse(Path file, String label, Path reportAs) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new ManifestException(
            label, reportAs, "", "is " + size + " bytes; a manifest may hold at most 1 MiB", null);
      }
      try (InputStream in = Files.newInputStream(file)) {
        return JsonTree.parse(in.readNBytes((int) MAX_BYTES + 1));
      }
    } catch (NoSuchFileException e) {
      throw new ManifestException(
          label, reportAs, "", "is missing; every plugin has one at its root", null);
    } catch (IOException e) {
      throw new ManifestException(label, reportAs, "", "cannot be read: " + e.getMessage(), e);
    } catch (JsonTree.SyntaxException e) {
      throw new ManifestException(
          label, reportAs, "", "is not valid JSON" + e.where() + ": " + e.reason(), e);
    }
  }

  /**
   * Where a JSON syntax error is, as {@code " at line 3, column 14"}, or nothing when Jackson does
   * not know.
   *
   * @param e the parse error
   * @return the position, with a leading space, or empty text
   */
  public static String where(JacksonException e) {
    return JsonTree.where(e.getLocation());
  }

  /** The checks of one manifest; knows the file and the name to report. */
  static final class Check {
    private final Path file;
    private String label;

    Check(Path file, String label) {
      this.file = file;
      this.label = label;
    }

    PluginManifest manifest(Object json) {
      if (!(json instanceof Map<?, ?> root)) {
        throw fail("", "must be a JSON object");
      }
      // Every field is checked, so that one run names every problem: the first is thrown, the
      // others ride along as its suppressed exceptions, in field order.
      List<ManifestException> problems = new ArrayList<>();
      String name =
          field(
              problems,
              () -> {
                String n = requiredString(root, "name");
                if (n.length() > MAX_NAME_LENGTH || !NAME.matcher(n).matches()) {
                  throw fail(
                      "/name",
                      "'"
                          + n
                          + "' must match [a-z0-9][a-z0-9._-]* and be at most "
                          + MAX_NAME_LENGTH
                          + " characters");
                }
                return n;
              });
      if (name != null) {
        label = name;
      }
      for (Object field : root.keySet()) {
        if (!FIELDS.contains(field)) {
          problems.add(
              fail(
                  "/" + escape((String) field),
                  "is not a manifest field; allowed are " + sorted(FIELDS)));
        }
      }
      Version version =
          field(
              problems,
              () -> {
                String text = requiredString(root, "version");
                return Version.tryParse(text)
                    .orElseThrow(
                        () ->
                            fail(
                                "/version",
                                "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH)"));
              });
      String entryPoint =
          field(
              problems,
              () -> {
                String e = requiredString(root, "entryPoint");
                checkModuleName(e);
                return e;
              });
      Map<String, Object> meta = field(problems, () -> meta(root));
      List<String> capabilities = field(problems, () -> capabilities(root));
      Map<String, VersionRange> compatibility = field(problems, () -> compatibility(root));
      String self = name == null ? label : name;
      List<PluginDependency> dependencies =
          field(problems, () -> Dependencies.read(root, self, this::fail));
      if (!problems.isEmpty()) {
        ManifestException first = problems.get(0);
        problems.subList(1, problems.size()).forEach(first::addSuppressed);
        throw first;
      }
      return new PluginManifest(
          name, version, entryPoint, meta, capabilities, compatibility, dependencies);
    }

    /** Runs one field's check; a problem is added to {@code problems} and gives {@code null}. */
    private static <R> R field(List<ManifestException> problems, Supplier<R> check) {
      try {
        return check.get();
      } catch (ManifestException e) {
        problems.add(e);
        return null;
      }
    }

    private Map<String, Object> meta(Map<?, ?> root) {
      if (!root.containsKey("meta")) {
        throw fail("/meta", "is required: a JSON object of host-specific data, {} if none");
      }
      if (!(root.get("meta") instanceof Map<?, ?> meta)) {
        throw fail("/meta", "must be a JSON object, found " + kind(root.get("meta")));
      }
      @SuppressWarnings("unchecked") // JsonTree makes every object a Map<String, Object>
      Map<String, Object> metaMap = (Map<String, Object>) meta;
      return metaMap;
    }

    private String requiredString(Map<?, ?> root, String field) {
      if (!root.containsKey(field)) {
        throw fail("/" + field, "is required");
      }
      Object node = root.get(field);
      if (!(node instanceof String text)) {
        throw fail("/" + field, "must be a string, found " + kind(node));
      }
      if (text.isBlank()) {
        throw fail("/" + field, "must not be blank");
      }
      return text;
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

    private List<String> capabilities(Map<?, ?> root) {
      if (!root.containsKey("capabilities")) {
        return List.of();
      }
      if (!(root.get("capabilities") instanceof List<?> node)) {
        throw fail(
            "/capabilities",
            "must be an array of capability names, found " + kind(root.get("capabilities")));
      }
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < node.size(); i++) {
        Object item = node.get(i);
        if (!(item instanceof String text) || text.isBlank()) {
          throw fail("/capabilities/" + i, "must be a non-blank string, found " + kind(item));
        }
        try {
          // A name no host can define is refused here, by every entry point, not as unknown by
          // a host only: the same words as a host's capability names.
          Capability.named(text).build();
        } catch (IllegalArgumentException e) {
          throw fail("/capabilities/" + i, "is not a capability name: " + e.getMessage());
        }
        if (!names.add(text)) {
          throw fail("/capabilities/" + i, "'" + text + "' is declared twice");
        }
      }
      return new ArrayList<>(names);
    }

    private Map<String, VersionRange> compatibility(Map<?, ?> root) {
      if (!root.containsKey("compatibility")) {
        return Map.of();
      }
      if (!(root.get("compatibility") instanceof Map<?, ?> node)) {
        throw fail(
            "/compatibility",
            "must be an object of version ranges, found " + kind(root.get("compatibility")));
      }
      Map<String, VersionRange> ranges = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : node.entrySet()) {
        String key = (String) e.getKey();
        if (!(e.getValue() instanceof String range) || range.isBlank()) {
          throw fail(
              "/compatibility/" + escape(key),
              "must be a version range string such as \"^1.0.0\", found " + kind(e.getValue()));
        }
        try {
          ranges.put(key, VersionRange.parse(range));
        } catch (IllegalArgumentException bad) {
          throw fail("/compatibility/" + escape(key), bad.getMessage());
        }
      }
      return ranges;
    }

    ManifestException fail(String field, String rule) {
      return new ManifestException(label, file, field, rule, null);
    }

    private static String kind(Object node) {
      if (node instanceof String text && text.isBlank()) {
        return "a blank string";
      }
      return JsonTree.kind(node);
    }

    /** Escapes a property name for a JSON pointer (RFC 6901). */
    static String escape(String name) {
      return name.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> sorted(Set<String> set) {
      return set.stream().sorted().toList();
    }
  }
}

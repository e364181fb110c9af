package dev.augment.core.internal.manifest;

import dev.augment.core.ManifestException;
import dev.augment.core.PluginDependency;
import dev.augment.core.VersionRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The checks of a manifest's {@code dependencies}: an object of plugin name to a version range, or
 * to {@code {"version": range, "optional": boolean}}.
 */
final class Dependencies {

  private static final Set<String> FIELDS = Set.of("version", "optional");

  private Dependencies() {}

  /**
   * Reads the field.
   *
   * @param root the manifest object
   * @param self the plugin's own name, which it may not depend on
   * @param fail makes the error of a field (a JSON pointer) and what is wrong with it
   * @return the dependencies in manifest order; empty when the field is absent
   */
  static List<PluginDependency> read(
      Map<?, ?> root, String self, BiFunction<String, String, ManifestException> fail) {
    if (!root.containsKey("dependencies")) {
      return List.of();
    }
    if (!(root.get("dependencies") instanceof Map<?, ?> node)) {
      throw fail.apply(
          "/dependencies",
          "must be an object of plugin names to version ranges, found "
              + JsonTree.kind(root.get("dependencies")));
    }
    List<PluginDependency> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : node.entrySet()) {
      String name = (String) e.getKey();
      String at = "/dependencies/" + ManifestReader.Check.escape(name);
      if (name.length() > ManifestReader.MAX_NAME_LENGTH
          || !ManifestReader.NAME.matcher(name).matches()) {
        throw fail.apply(
            at,
            "'"
                + name
                + "' is not a plugin name: it must match [a-z0-9][a-z0-9._-]* and be at most "
                + ManifestReader.MAX_NAME_LENGTH
                + " characters");
      }
      if (name.equals(self)) {
        throw fail.apply(at, "a plugin cannot depend on itself");
      }
      out.add(dependency(name, at, e.getValue(), fail));
    }
    return out;
  }

  private static PluginDependency dependency(
      String name, String at, Object value, BiFunction<String, String, ManifestException> fail) {
    if (value instanceof String text) {
      return new PluginDependency(name, range(at, text, fail), false);
    }
    if (!(value instanceof Map<?, ?> spec)) {
      throw fail.apply(
          at,
          "must be a version range string such as \"^1.0.0\" or an object"
              + " {\"version\": \"^1.0.0\", \"optional\": true}, found "
              + kind(value));
    }
    for (Object key : spec.keySet()) {
      if (!FIELDS.contains(key)) {
        throw fail.apply(
            at + "/" + ManifestReader.Check.escape((String) key),
            "is not a dependency field; allowed are [optional, version]");
      }
    }
    if (!(spec.get("version") instanceof String text)) {
      throw fail.apply(
          at + "/version",
          spec.containsKey("version")
              ? "must be a version range string such as \"^1.0.0\", found "
                  + kind(spec.get("version"))
              : "is required: the range of versions accepted, such as \"^1.0.0\"");
    }
    VersionRange range = range(at + "/version", text, fail);
    Object optional = spec.containsKey("optional") ? spec.get("optional") : Boolean.FALSE;
    if (!(optional instanceof Boolean flag)) {
      throw fail.apply(at + "/optional", "must be true or false, found " + kind(optional));
    }
    return new PluginDependency(name, range, flag);
  }

  private static VersionRange range(
      String at, String text, BiFunction<String, String, ManifestException> fail) {
    if (text.isBlank()) {
      throw fail.apply(
          at, "must be a version range string such as \"^1.0.0\", found a blank string");
    }
    try {
      return VersionRange.parse(text);
    } catch (IllegalArgumentException bad) {
      throw fail.apply(at, bad.getMessage());
    }
  }

  private static String kind(Object node) {
    if (node instanceof String text && text.isBlank()) {
      return "a blank string";
    }
    return JsonTree.kind(node);
  }
}

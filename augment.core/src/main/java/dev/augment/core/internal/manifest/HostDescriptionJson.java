package dev.augment.core.internal.manifest;

import dev.augment.api.Api;
import dev.augment.core.HostDescription;
import dev.augment.core.HostDescription.CapabilityInfo;
import dev.augment.core.PolicyRule;
import dev.augment.core.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a {@link HostDescription} as the JSON {@code docs/host-description.md} shows.
 */
@Api.Internal
public final class HostDescriptionJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HostDescriptionJson() {}

  /**
   * Returns the description as pretty-printed JSON.
   *
   * @param d the description
   * @return the JSON text
   */
  public static String toJson(HostDescription d) {
    ObjectNode root = JSON.createObjectNode();
    root.put("contract", d.contract());
    d.contractModule().ifPresent(m -> root.put("contractModule", m));
    d.contractVersion().ifPresent(v -> root.put("contractVersion", v.toString()));
    root.put("augmentVersion", d.augmentVersion().toString());
    ArrayNode caps = root.putArray("capabilities");
    for (CapabilityInfo c : d.capabilities()) {
      ObjectNode n = caps.addObject();
      n.put("name", c.name());
      n.put("description", c.description());
      strings(n.putArray("modules"), c.modules());
      strings(n.putArray("events"), c.events());
      strings(n.putArray("services"), c.services());
      strings(n.putArray("permits"), c.permits());
    }
    strings(root.putArray("baseModules"), d.baseModules());
    strings(root.putArray("hostModules"), d.hostModules());
    ArrayNode rules = root.putArray("policy");
    for (PolicyRule r : d.policy()) {
      ObjectNode n = rules.addObject();
      n.put("id", r.id());
      n.put("description", r.description());
      strings(n.putArray("targets"), r.targets());
      r.permission().ifPresent(p -> n.put("permission", p));
    }
    ObjectNode limits = root.putObject("archiveLimits");
    limits.put("maxEntries", d.archiveLimits().maxEntries());
    limits.put("maxBytes", d.archiveLimits().maxBytes());
    limits.put("maxRatio", d.archiveLimits().maxRatio());
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  private static void strings(ArrayNode array, Iterable<String> values) {
    List<String> sorted = new ArrayList<>();
    values.forEach(sorted::add);
    if (!(values instanceof List)) {
      sorted.sort(null);
    }
    sorted.forEach(array::add);
  }

  /**
   * Writes the description as JSON.
   *
   * @param d the description
   * @param file where to write it
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(HostDescription d, Path file) {
    try {
      Files.writeString(file, toJson(d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a description written by {@link #write}.
   *
   * @param file the JSON file
   * @return the description
   * @throws IllegalArgumentException if the file is not a host description; the message names the
   *     file and the field
   * @throws UncheckedIOException if the file cannot be read
   */
  public static HostDescription read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          file
              + " is not a host description: its JSON does not parse"
              + ManifestReader.where(e)
              + " ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
    Fields f = new Fields(file);
    List<CapabilityInfo> caps = new ArrayList<>();
    for (JsonNode c : f.array(root, "capabilities")) {
      caps.add(
          new CapabilityInfo(
              f.text(c, "name"),
              c.path("description").asString(""),
              f.set(c, "modules"),
              f.set(c, "events"),
              f.set(c, "services"),
              f.set(c, "permits")));
    }
    List<PolicyRule> rules = new ArrayList<>();
    for (JsonNode r : f.array(f.required(root, "policy"), "policy")) {
      rules.add(
          new PolicyRule(
              f.text(r, "id"),
              r.path("description").asString(""),
              f.list(r, "targets"),
              Optional.ofNullable(r.get("permission")).map(JsonNode::asString)));
    }
    return new HostDescription(
        f.text(root, "contract"),
        Optional.ofNullable(root.get("contractModule")).map(JsonNode::asString),
        Optional.ofNullable(root.get("contractVersion")).map(n -> Version.parse(n.asString())),
        Version.parse(f.text(root, "augmentVersion")),
        caps,
        f.set(f.required(root, "baseModules"), "baseModules"),
        f.set(f.required(root, "hostModules"), "hostModules"),
        rules,
        f.limits(root));
  }

  /** Reads required fields, naming the file and field when one is wrong. */
  private record Fields(Path file) {
    /**
     * Returns {@code node} when it has {@code field}; a missing one would silently grant nothing.
     */
    JsonNode required(JsonNode node, String field) {
      if (node.get(field) == null) {
        throw new IllegalArgumentException(
            file + " is not a host description: field '" + field + "' is required");
      }
      return node;
    }

    String text(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isString()) {
        throw new IllegalArgumentException(
            file + " is not a host description: field '" + field + "' must be a string");
      }
      return v.stringValue();
    }

    List<JsonNode> array(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return List.of();
      }
      if (!v.isArray()) {
        throw new IllegalArgumentException(
            file + " is not a host description: field '" + field + "' must be an array");
      }
      List<JsonNode> items = new ArrayList<>();
      v.forEach(items::add);
      return items;
    }

    List<String> list(JsonNode node, String field) {
      List<String> values = new ArrayList<>();
      for (JsonNode item : array(node, field)) {
        if (!item.isString()) {
          throw new IllegalArgumentException(
              file + " is not a host description: field '" + field + "' must hold strings only");
        }
        values.add(item.stringValue());
      }
      return values;
    }

    /** The archive limits; the defaults when a description written before them has none. */
    HostDescription.ArchiveLimits limits(JsonNode root) {
      JsonNode n = root.get("archiveLimits");
      if (n == null) {
        return HostDescription.ArchiveLimits.DEFAULT;
      }
      HostDescription.ArchiveLimits d = HostDescription.ArchiveLimits.DEFAULT;
      try {
        return new HostDescription.ArchiveLimits(
            (int) number(n, "maxEntries", d.maxEntries()),
            number(n, "maxBytes", d.maxBytes()),
            (int) number(n, "maxRatio", d.maxRatio()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            file + " is not a host description: " + e.getMessage(), e);
      }
    }

    private long number(JsonNode node, String field, long fallback) {
      JsonNode v = node.get(field);
      if (v == null) {
        return fallback;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new IllegalArgumentException(
            file + " is not a host description: 'archiveLimits." + field + "' must be a number");
      }
      if (field.equals("maxBytes")) {
        return v.longValue();
      }
      if (!v.canConvertToInt()) {
        throw new IllegalArgumentException(
            file + " is not a host description: 'archiveLimits." + field + "' is too large");
      }
      return v.intValue();
    }

    Set<String> set(JsonNode node, String field) {
      return new TreeSet<>(list(node, field));
    }
  }
}

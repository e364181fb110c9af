package dev.augment.core.host;

import dev.augment.api.Api;
import dev.augment.core.Capability;
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
 * What a host offers plugins, as data: its contract, versions, capabilities, the modules every
 * plugin may read, the modules it already has, and its bytecode policy.
 *
 * <p>A host writes its description with {@code PluginHostBuilder.describe().write(path)}; the
 * builder's {@code augment verify} and the Maven plugin's {@code verify} goal read it to check a
 * plugin against the host without running either. The format is {@code docs/host-description.md}.
 *
 * @param contract the contract's binary class name
 * @param contractModule the contract's module, when it is in a named module
 * @param contractVersion the version {@code compatibility.contract} ranges are checked against
 * @param augmentVersion the host's Augment version
 * @param capabilities the capabilities the host defines
 * @param baseModules the modules every plugin may read
 * @param hostModules the modules of the host's layers, which no plugin may carry
 * @param policy the rules of the host's bytecode policy
 */
@Api.Experimental
public record HostDescription(
    String contract,
    Optional<String> contractModule,
    Optional<Version> contractVersion,
    Version augmentVersion,
    List<CapabilityInfo> capabilities,
    Set<String> baseModules,
    Set<String> hostModules,
    List<PolicyRule> policy) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Creates a description and copies the collections.
   *
   * @param contract see the record description
   * @param contractModule see the record description
   * @param contractVersion see the record description
   * @param augmentVersion see the record description
   * @param capabilities see the record description
   * @param baseModules see the record description
   * @param hostModules see the record description
   * @param policy see the record description
   */
  public HostDescription {
    capabilities = List.copyOf(capabilities);
    baseModules = Set.copyOf(new TreeSet<>(baseModules));
    hostModules = Set.copyOf(new TreeSet<>(hostModules));
    policy = List.copyOf(policy);
  }

  /**
   * A capability as data: event and service types by name.
   *
   * @param name the capability's name
   * @param description what it lets a plugin do
   * @param modules the modules it grants
   * @param events the event types it grants, by binary name
   * @param services the service types it grants, by binary name
   * @param permits the bytecode policy permissions it grants
   */
  @Api.Experimental
  public record CapabilityInfo(
      String name,
      String description,
      Set<String> modules,
      Set<String> events,
      Set<String> services,
      Set<String> permits) {

    /**
     * Creates a capability description and copies the sets.
     *
     * @param name see the record description
     * @param description see the record description
     * @param modules see the record description
     * @param events see the record description
     * @param services see the record description
     * @param permits see the record description
     */
    public CapabilityInfo {
      modules = Set.copyOf(modules);
      events = Set.copyOf(events);
      services = Set.copyOf(services);
      permits = Set.copyOf(permits);
    }

    /**
     * Describes a capability.
     *
     * @param c the capability
     * @return its description
     */
    public static CapabilityInfo of(Capability c) {
      return new CapabilityInfo(
          c.name(),
          c.description(),
          c.modules(),
          names(c.events()),
          names(c.services()),
          c.permissions());
    }

    /**
     * Returns the capability with what load-time checks need: modules and permissions. Event and
     * service types are checked at run time, against classes, so they are left out.
     *
     * @return the capability
     */
    public Capability toCapability() {
      return new Capability(name, description, modules, Set.of(), Set.of(), permits);
    }

    private static Set<String> names(Set<Class<?>> types) {
      Set<String> names = new TreeSet<>();
      types.forEach(t -> names.add(t.getName()));
      return names;
    }
  }

  /**
   * Returns the description as pretty-printed JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("contract", contract);
    contractModule.ifPresent(m -> root.put("contractModule", m));
    contractVersion.ifPresent(v -> root.put("contractVersion", v.toString()));
    root.put("augmentVersion", augmentVersion.toString());
    ArrayNode caps = root.putArray("capabilities");
    for (CapabilityInfo c : capabilities) {
      ObjectNode n = caps.addObject();
      n.put("name", c.name());
      n.put("description", c.description());
      strings(n.putArray("modules"), c.modules());
      strings(n.putArray("events"), c.events());
      strings(n.putArray("services"), c.services());
      strings(n.putArray("permits"), c.permits());
    }
    strings(root.putArray("baseModules"), baseModules);
    strings(root.putArray("hostModules"), hostModules);
    ArrayNode rules = root.putArray("policy");
    for (PolicyRule r : policy) {
      ObjectNode n = rules.addObject();
      n.put("id", r.id());
      n.put("description", r.description());
      strings(n.putArray("targets"), r.targets());
      r.permission().ifPresent(p -> n.put("permission", p));
    }
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
   * @param file where to write it
   * @throws UncheckedIOException if the file cannot be written
   */
  public void write(Path file) {
    try {
      Files.writeString(file, toJson());
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
      throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage(), e);
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
        rules);
  }

  /** Reads required fields, naming the file and field when one is wrong. */
  private record Fields(Path file) {
    /**
     * Returns {@code node} when it has {@code field}; a missing one would silently grant nothing.
     */
    JsonNode required(JsonNode node, String field) {
      if (node.get(field) == null) {
        throw new IllegalArgumentException(file + ": field '" + field + "' is required");
      }
      return node;
    }

    String text(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isString()) {
        throw new IllegalArgumentException(file + ": field '" + field + "' must be a string");
      }
      return v.stringValue();
    }

    List<JsonNode> array(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null) {
        return List.of();
      }
      if (!v.isArray()) {
        throw new IllegalArgumentException(file + ": field '" + field + "' must be an array");
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
              file + ": field '" + field + "' must hold strings only");
        }
        values.add(item.stringValue());
      }
      return values;
    }

    Set<String> set(JsonNode node, String field) {
      return new TreeSet<>(list(node, field));
    }
  }
}

package dev.augment.core;

import dev.augment.api.Api;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a plugin's {@code plugin.manifest.json}, validated.
 *
 * <p>The schema is in {@code docs/manifest.schema.json}. A manifest looks like this:
 *
 * <pre>{@code
 * {
 *   "name": "greeter",
 *   "version": "1.2.0",
 *   "entryPoint": "com.example.greeter",
 *   "meta": { "route": "/hello", "priority": 10 },
 *   "capabilities": ["http.routes"],
 *   "compatibility": { "augment": "^0.1.0" },
 *   "dependencies": { "storage": "^1.0.0" }
 * }
 * }</pre>
 *
 * @param name the plugin's unique name: lower case, {@code [a-z0-9][a-z0-9._-]*}, at most 64
 *     characters
 * @param version the plugin's semantic version
 * @param entryPoint the name of the plugin's root module, the one that provides the contract
 * @param meta the host-specific data, as parsed JSON: strings, numbers ({@code Integer}, {@code
 *     Long}, {@code BigInteger} or, for fractions and exponents, {@code BigDecimal}), booleans,
 *     unmodifiable lists and maps; a JSON {@code null} is kept as a {@code null} value
 * @param capabilities the capability names the plugin declares, in manifest order
 * @param compatibility version ranges keyed by what they apply to, such as {@code augment}, parsed
 *     once when the manifest is read; {@link VersionRange#toString()} gives each back as written
 * @param dependencies the plugins this plugin builds on, in manifest order, each name once
 */
@Api.Stable
public record PluginManifest(
    String name,
    Version version,
    String entryPoint,
    Map<String, Object> meta,
    List<String> capabilities,
    Map<String, VersionRange> compatibility,
    @Api.Experimental List<PluginDependency> dependencies) {

  /** The file name of the manifest at a plugin's root. */
  public static final String FILE_NAME = "plugin.manifest.json";

  /**
   * Creates a manifest; {@code meta} must already be unmodifiable, the other collections are
   * copied.
   *
   * @param name see the record description
   * @param version see the record description
   * @param entryPoint see the record description
   * @param meta see the record description
   * @param capabilities see the record description
   * @param compatibility see the record description
   * @param dependencies see the record description
   * @throws NullPointerException if an argument is null
   */
  public PluginManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(entryPoint, "entryPoint");
    Objects.requireNonNull(meta, "meta");
    capabilities = List.copyOf(capabilities);
    compatibility = Collections.unmodifiableMap(new LinkedHashMap<>(compatibility));
    dependencies = List.copyOf(dependencies);
  }

  /**
   * Creates a manifest without dependencies, as manifests were before {@code dependencies}.
   *
   * @param name see the record description
   * @param version see the record description
   * @param entryPoint see the record description
   * @param meta see the record description
   * @param capabilities see the record description
   * @param compatibility see the record description
   * @throws NullPointerException if an argument is null
   */
  public PluginManifest(
      String name,
      Version version,
      String entryPoint,
      Map<String, Object> meta,
      List<String> capabilities,
      Map<String, VersionRange> compatibility) {
    this(name, version, entryPoint, meta, capabilities, compatibility, List.of());
  }

  /**
   * Returns {@code name@version}, the way Augment names a plugin in logs.
   *
   * @return the plugin's coordinates
   */
  public String coordinates() {
    return name + "@" + version;
  }
}

package dev.augment.core;

import dev.augment.api.Api;
import java.util.List;
import java.util.Set;

/**
 * What a plugin declared, what that granted, and what the plugin actually references: for security
 * reviews.
 *
 * @param plugin the plugin's name
 * @param declared the capabilities its manifest declares, in manifest order
 * @param granted the host's definition of each declared capability
 * @param readableModules every module the plugin may read: the base modules plus those granted
 * @param requiredModules the modules outside the plugin its explicit modules {@code require}
 * @param referencedModules the modules outside the plugin its class files reference
 * @param permissions the bytecode policy permissions granted
 */
@Api.Stable
public record CapabilityAudit(
    String plugin,
    List<String> declared,
    List<Capability> granted,
    Set<String> readableModules,
    Set<String> requiredModules,
    Set<String> referencedModules,
    Set<String> permissions) {

  /**
   * Creates an audit and copies the collections.
   *
   * @param plugin see the record description
   * @param declared see the record description
   * @param granted see the record description
   * @param readableModules see the record description
   * @param requiredModules see the record description
   * @param referencedModules see the record description
   * @param permissions see the record description
   */
  public CapabilityAudit {
    declared = List.copyOf(declared);
    granted = List.copyOf(granted);
    readableModules = Set.copyOf(readableModules);
    requiredModules = Set.copyOf(requiredModules);
    referencedModules = Set.copyOf(referencedModules);
    permissions = Set.copyOf(permissions);
  }
}

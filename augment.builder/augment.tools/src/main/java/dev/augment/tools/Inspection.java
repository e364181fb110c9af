package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.PluginManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a plugin holds, for a person or a script to read.
 *
 * @param plugin the plugin folder or zip
 * @param manifest its manifest
 * @param modules its modules
 * @param capabilities the capabilities it declares
 * @param requiredModules the modules outside the plugin its explicit modules require
 * @param referencedModules the modules outside the plugin its class files reference
 */
@Api.Experimental
public record Inspection(
    Path plugin,
    PluginManifest manifest,
    List<ModuleInfo> modules,
    List<String> capabilities,
    Set<String> requiredModules,
    Set<String> referencedModules) {

  /**
   * Creates an inspection and copies the collections.
   *
   * @param plugin see the record description
   * @param manifest see the record description
   * @param modules see the record description
   * @param capabilities see the record description
   * @param requiredModules see the record description
   * @param referencedModules see the record description
   */
  public Inspection {
    modules = List.copyOf(modules);
    capabilities = List.copyOf(capabilities);
    requiredModules = Set.copyOf(requiredModules);
    referencedModules = Set.copyOf(referencedModules);
  }

  /**
   * One module of the plugin.
   *
   * @param name its name
   * @param version its version, or empty text when it has none
   * @param automatic {@code true} for a plain jar
   * @param jar the jar's file name
   * @param requires the modules it requires, {@code java.base} left out
   * @param provides the services it provides, as {@code Service with Impl}
   */
  @Api.Experimental
  public record ModuleInfo(
      String name,
      String version,
      boolean automatic,
      String jar,
      List<String> requires,
      List<String> provides) {

    /**
     * Creates a module description and copies the lists.
     *
     * @param name see the record description
     * @param version see the record description
     * @param automatic see the record description
     * @param jar see the record description
     * @param requires see the record description
     * @param provides see the record description
     */
    public ModuleInfo {
      requires = List.copyOf(requires);
      provides = List.copyOf(provides);
    }
  }
}

package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import java.nio.file.Path;

/**
 * A plugin whose files are in the cache and whose manifest is valid; nothing of it is resolved or
 * loaded yet.
 *
 * @param staged its files in the cache
 * @param manifest its manifest, with compatibility ranges already parsed
 */
@Api.Internal
public record Prepared(Staged staged, PluginManifest manifest) {

  /**
   * Returns the plugin's name.
   *
   * @return the name from the manifest
   */
  public String name() {
    return manifest.name();
  }

  /**
   * Returns where the plugin came from.
   *
   * @return the source
   */
  public Source source() {
    return staged.source();
  }

  /**
   * Returns the cache folder the plugin's files are read from.
   *
   * @return the folder
   */
  public Path directory() {
    return staged.directory();
  }

  /**
   * Returns the plugin's {@code modules/} folder in the cache.
   *
   * @return the folder
   */
  public Path modulesDir() {
    return staged.directory().resolve(Source.MODULES_DIR);
  }

  /**
   * Describes a failure about the plugin's manifest: the manifest of a folder, or the zip.
   *
   * @param rule the rule broken
   * @param detail what is wrong
   * @return the failure
   */
  public PluginFailure failure(Rule rule, String detail) {
    return PluginFailure.of(
        name(), staged.report(directory().resolve(PluginManifest.FILE_NAME)), rule, detail);
  }

  /**
   * Describes a failure about one file of the plugin, named inside the plugin.
   *
   * @param file a file of the plugin's cache copy
   * @param rule the rule broken
   * @param detail what is wrong, as a predicate of the file
   * @return the failure
   */
  public PluginFailure failure(Path file, Rule rule, String detail) {
    return staged.failure(name(), file, rule, detail);
  }
}

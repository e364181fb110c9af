package dev.augment.core;

import dev.augment.api.Api;
import java.util.List;

/**
 * What one {@link dev.augment.core.host.PluginHost#reload()} did.
 *
 * @param loaded the names of the plugins now registered, sorted
 * @param failures the plugins skipped, with their reasons: folders that cannot be listed, then
 *     plugins refused while preparing (in scan order), then name conflicts, then plugins refused
 *     while loading (in scan order)
 */
@Api.Experimental
public record ReloadReport(List<String> loaded, List<PluginFailure> failures) {

  /**
   * Creates a report and copies the lists.
   *
   * @param loaded see the record description
   * @param failures see the record description
   */
  public ReloadReport {
    loaded = List.copyOf(loaded);
    failures = List.copyOf(failures);
  }
}

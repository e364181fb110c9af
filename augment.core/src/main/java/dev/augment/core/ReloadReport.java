package dev.augment.core;

import dev.augment.api.Api;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one reload did.
 *
 * <p>A plugin whose content (its zip, or its folder's files) is byte for byte what is loaded is
 * unchanged and keeps its layer and instance. A plugin whose update failed keeps its old version:
 * it is listed in {@link #unchanged()} and its failure in {@link #failures()}.
 *
 * @param added the plugins loaded for the first time, sorted
 * @param updated the plugins whose new version replaced the old one, sorted
 * @param removed the plugins that are gone and were torn down, sorted
 * @param unchanged the plugins that kept their layer and instance, sorted
 * @param failures the plugins skipped, with their reasons: folders that cannot be listed, then
 *     plugins refused while preparing (in scan order), then name conflicts, then plugins refused
 *     while loading (in scan order)
 * @param timings how long each step took for every plugin this reload loaded, or refused once its
 *     manifest was read, by name, sorted (an {@linkplain Api.Experimental experimental} part of
 *     this record); unchanged plugins are not timed
 */
@Api.Stable
public record ReloadReport(
    List<String> added,
    List<String> updated,
    List<String> removed,
    List<String> unchanged,
    List<PluginFailure> failures,
    Map<String, LoadTiming> timings) {

  /**
   * Creates a report and copies the lists.
   *
   * @param added see the record description
   * @param updated see the record description
   * @param removed see the record description
   * @param unchanged see the record description
   * @param failures see the record description
   * @param timings see the record description
   */
  public ReloadReport {
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    removed = List.copyOf(removed);
    unchanged = List.copyOf(unchanged);
    failures = List.copyOf(failures);
    timings = Collections.unmodifiableMap(new TreeMap<>(timings));
  }

  /**
   * Creates a report without timings.
   *
   * @param added see the record description
   * @param updated see the record description
   * @param removed see the record description
   * @param unchanged see the record description
   * @param failures see the record description
   */
  public ReloadReport(
      List<String> added,
      List<String> updated,
      List<String> removed,
      List<String> unchanged,
      List<PluginFailure> failures) {
    this(added, updated, removed, unchanged, failures, Map.of());
  }

  /**
   * Returns every plugin registered after the reload: added, updated and unchanged.
   *
   * @return the names, sorted
   */
  public List<String> loaded() {
    TreeSet<String> all = new TreeSet<>(added);
    all.addAll(updated);
    all.addAll(unchanged);
    return List.copyOf(all);
  }
}

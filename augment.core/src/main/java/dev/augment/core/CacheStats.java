package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a host's cache directory holds: see {@code docs/reload.md} for its life cycle.
 *
 * @param directory the cache directory
 * @param entries the number of plugin copies in it (extracted zips and copied folders), in use or
 *     kept for the retention time
 * @param bytes the size of every file in the directory, temporary ones included
 */
@Api.Experimental
public record CacheStats(Path directory, int entries, long bytes) {

  /**
   * Checks the values.
   *
   * @param directory the cache directory
   * @param entries the number of plugin copies
   * @param bytes the size of every file
   */
  public CacheStats {
    Objects.requireNonNull(directory, "directory");
    if (entries < 0 || bytes < 0) {
      throw new IllegalArgumentException("cache counts cannot be negative");
    }
  }
}

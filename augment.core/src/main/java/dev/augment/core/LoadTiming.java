package dev.augment.core;

import dev.augment.api.Api;
import java.time.Duration;
import java.util.Objects;

/**
 * How long each step of loading one plugin took, as measured by the reload that loaded (or refused)
 * it.
 *
 * <p>The same figures go to Java Flight Recorder as {@code dev.augment.PluginLoad} events when
 * {@code jdk.jfr} is in the host's boot layer, so a host's own recordings show where its start-up
 * goes, plugin by plugin (see {@code docs/benchmarks.md}). A step that did not run (a plugin
 * refused before it) is zero.
 *
 * @param prepare putting the plugin's files into the cache and reading its manifest (near zero for
 *     a zip the cache already holds)
 * @param check capabilities, the module listing, the module checks, resolution, grants and the
 *     bytecode policy (near zero for content already checked, from the cache's verdict index)
 * @param define defining the plugin's layer
 * @param provider initializing and constructing the plugin's provider, and the host's validator
 * @param setup the plugin's setup
 */
@Api.Experimental
public record LoadTiming(
    Duration prepare, Duration check, Duration define, Duration provider, Duration setup) {

  /** The timing of a plugin whose steps all took no time. */
  public static final LoadTiming NONE =
      new LoadTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /**
   * Creates a timing.
   *
   * @param prepare see the record description
   * @param check see the record description
   * @param define see the record description
   * @param provider see the record description
   * @param setup see the record description
   */
  public LoadTiming {
    Objects.requireNonNull(prepare, "prepare");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(define, "define");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(setup, "setup");
  }

  /**
   * Returns the time of every step together.
   *
   * @return the sum of the steps
   */
  public Duration total() {
    return prepare.plus(check).plus(define).plus(provider).plus(setup);
  }
}

package dev.augment.core;

import dev.augment.api.Api;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host's watch mode is doing: whether it runs, which plugin folders it waits for, and the
 * last problem it carried on after.
 *
 * <p>A watcher never stops because of a folder: an unreadable or vanishing folder is logged and
 * watched again when it can be. {@link State#STOPPED} means the watch thread itself ended for a
 * reason outside any folder (the JVM's watch service closed, a fatal error); {@code
 * PluginHost.watch()} starts a new watcher.
 *
 * @param state whether the watcher runs
 * @param missing plugin folders that do not exist (or are not folders) now; the watcher polls them
 *     until they come back
 * @param problem the last problem the watcher met, naming the folder and the reason; empty when
 *     none
 * @param lastChange when the watcher last called for a reload; empty before the first
 */
@Api.Experimental
public record WatchStatus(
    State state, List<Path> missing, Optional<String> problem, Optional<Instant> lastChange) {

  /** Whether the watcher runs. */
  @Api.Experimental
  public enum State {
    /** {@code watch()} was not called, or the host is closed. */
    OFF,
    /** The watcher runs and reloads after changes. */
    WATCHING,
    /** The watch thread ended; {@link WatchStatus#problem()} says why. */
    STOPPED
  }

  /**
   * Copies the list; checks that nothing is null.
   *
   * @param state whether the watcher runs
   * @param missing plugin folders that do not exist now
   * @param problem the last problem the watcher met
   * @param lastChange when the watcher last called for a reload
   */
  public WatchStatus {
    Objects.requireNonNull(state, "state");
    missing = List.copyOf(missing);
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(lastChange, "lastChange");
  }

  /**
   * Returns the status of a host that is not watching.
   *
   * @return a status with state {@link State#OFF}
   */
  public static WatchStatus off() {
    return new WatchStatus(State.OFF, List.of(), Optional.empty(), Optional.empty());
  }
}

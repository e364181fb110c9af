package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.internal.plugin.Failures;
import java.util.List;

/**
 * One thing a reload did, with the registry entries themselves: the report, the listeners' events
 * and the log lines are all projections of a reload's list of changes.
 *
 * @param <T> the contract type
 */
@Api.Internal
public sealed interface Change<T> {

  /**
   * A plugin loaded for the first time.
   *
   * @param <T> the contract type
   * @param entry its entry
   */
  record Added<T>(Registry.Entry<T> entry) implements Change<T> {}

  /**
   * A plugin whose new content replaced the old.
   *
   * @param <T> the contract type
   * @param from the entry dropped
   * @param to the entry now registered
   */
  record Updated<T>(Registry.Entry<T> from, Registry.Entry<T> to) implements Change<T> {}

  /**
   * A plugin that is gone.
   *
   * @param <T> the contract type
   * @param entry the entry dropped
   */
  record Removed<T>(Registry.Entry<T> entry) implements Change<T> {}

  /**
   * A plugin whose bytes did not change: same layer, same instance.
   *
   * @param <T> the contract type
   * @param entry its entry, naming where its bytes are now
   */
  record Kept<T>(Registry.Entry<T> entry) implements Change<T> {}

  /**
   * A plugin that was refused.
   *
   * @param <T> the contract type
   * @param failure why
   * @param kept the entries that stay registered because of it: the old version of a failed update,
   *     or every plugin of a folder that could not be listed
   */
  record Failed<T>(Failures.Item failure, List<Registry.Entry<T>> kept) implements Change<T> {
    /** Copies the kept entries. */
    public Failed {
      kept = List.copyOf(kept);
    }
  }
}

package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the load pipeline's checks put the failures they find; each consumer chooses what happens
 * next.
 *
 * <p>A host and {@code Layers.load} stop a plugin at its first failure ({@link #firstOnly()}); the
 * verifier collects every failure the static checks can find ({@link #all()}). A check calls {@link
 * #add} for a failure after which checking may go on, and {@link #stop} for one after which nothing
 * more can be checked (no manifest, no modules). Either way the failure is a value; the {@link
 * Stopped} signal only unwinds the pipeline to its entry point, which returns the failures.
 */
@Api.Internal
public final class Failures {

  /**
   * One failure with the exception behind it, kept for the log and for {@code
   * PluginLoadException.getCause()}.
   *
   * @param failure the failure
   * @param cause what was thrown, when something was
   */
  public record Item(PluginFailure failure, Optional<Throwable> cause) {}

  /** Unwinds the pipeline to its entry point; carries nothing, the failures are in the sink. */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Stopped() {
      super(null, null, false, false);
    }
  }

  private final boolean firstOnly;
  private final List<Item> items = new ArrayList<>();

  private Failures(boolean firstOnly) {
    this.firstOnly = firstOnly;
  }

  /**
   * A sink that stops at the first failure, as a host does.
   *
   * @return the sink
   */
  public static Failures firstOnly() {
    return new Failures(true);
  }

  /**
   * A sink that collects every failure, as the verifier does.
   *
   * @return the sink
   */
  public static Failures all() {
    return new Failures(false);
  }

  /**
   * Records a failure after which checking may go on.
   *
   * @param failure the failure
   * @throws Stopped if this sink stops at the first failure
   */
  public void add(PluginFailure failure) {
    add(failure, null);
  }

  /**
   * Records a failure, with what was thrown, after which checking may go on.
   *
   * @param failure the failure
   * @param cause what was thrown, or {@code null}
   * @throws Stopped if this sink stops at the first failure
   */
  public void add(PluginFailure failure, Throwable cause) {
    items.add(new Item(failure, Optional.ofNullable(cause)));
    if (firstOnly) {
      throw new Stopped();
    }
  }

  /**
   * Records a failure after which nothing more can be checked, and unwinds.
   *
   * @param failure the failure
   * @param cause what was thrown, or {@code null}
   * @return never returns normally; declared so that callers can write {@code throw f.stop(...)}
   * @throws Stopped always
   */
  public Stopped stop(PluginFailure failure, Throwable cause) {
    items.add(new Item(failure, Optional.ofNullable(cause)));
    throw new Stopped();
  }

  /**
   * Records a failure after which the caller stops the plugin itself, outside the pipeline's steps:
   * it never unwinds.
   *
   * @param failure the failure
   * @param cause what was thrown, or {@code null}
   */
  public void record(PluginFailure failure, Throwable cause) {
    items.add(new Item(failure, Optional.ofNullable(cause)));
  }

  /**
   * Tells whether nothing has failed.
   *
   * @return {@code true} when no failure was recorded
   */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * Returns the failures, in the order they were found.
   *
   * @return the failures
   */
  public List<Item> items() {
    return List.copyOf(items);
  }

  /**
   * Returns the failure values, in the order they were found.
   *
   * @return the failures
   */
  public List<PluginFailure> failures() {
    return items.stream().map(Item::failure).toList();
  }
}

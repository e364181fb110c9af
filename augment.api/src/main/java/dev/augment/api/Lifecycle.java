package dev.augment.api;

/**
 * The lifecycle a plugin's provider may implement: setup when the plugin is registered, teardown
 * when it is unloaded or the host closes.
 *
 * <p>A plugin moves through registered, set up, active and torn down; a setup that throws or
 * overruns the host's time budget marks the plugin failed, and the host goes on without it.
 * Teardown always runs once setup has started, even after a failed setup, and a teardown that
 * throws is logged while unloading continues. Whatever the plugin registered through its context
 * (hook subscriptions, executor tasks) is released by the framework after teardown, even if the
 * plugin forgets.
 *
 * <pre>{@code
 * public final class AccessLog implements Route, Lifecycle {
 *   public void setup(PluginContext context) {
 *     context.hooks().on(RequestEnd.class, e -> context.logger().info("{} {}", e.path(), e.status()));
 *   }
 * }
 * }</pre>
 */
@Api.Stable
public interface Lifecycle {

  /**
   * Prepares the plugin; called once, synchronously, before the host sees the plugin.
   *
   * @param context the plugin's context, valid until teardown returns
   * @throws RuntimeException to refuse to start; the plugin is then marked failed
   */
  default void setup(PluginContext context) {}

  /**
   * Releases what the plugin holds; called once when the plugin is unloaded or the host closes.
   *
   * @param context the same context setup received
   */
  default void teardown(PluginContext context) {}
}

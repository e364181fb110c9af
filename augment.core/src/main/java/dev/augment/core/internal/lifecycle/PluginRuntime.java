package dev.augment.core.internal.lifecycle;

import dev.augment.api.Api;
import dev.augment.api.Environment;
import dev.augment.api.Lifecycle;
import dev.augment.api.PluginInfo;
import dev.augment.core.CapabilityAudit;
import dev.augment.core.PluginLayer;
import dev.augment.core.PluginLoadException;
import dev.augment.core.PluginManifest;
import dev.augment.core.PluginState;
import dev.augment.core.Rule;
import dev.augment.core.internal.Calls;
import dev.augment.core.internal.hooks.HookBus;
import dev.augment.core.internal.plugin.Grants;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's life: its context, its state, and the setup and teardown calls with their time
 * budgets.
 *
 * <p>Setup and teardown run on a thread of their own, so that the host can stop waiting after the
 * budget; a call that overruns is interrupted and the plugin is failed (setup) or dropped anyway
 * (teardown). Teardown always runs once setup has started; then the framework releases the context,
 * whatever the plugin did.
 */
@Api.Internal
public final class PluginRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

  /**
   * What every plugin of one host shares.
   *
   * @param bus the hook bus
   * @param environment development or production
   * @param hostServices the services the host offers, by type
   * @param settings per-plugin settings by plugin name, overlaid on the manifest's meta
   * @param setupBudget how long setup may take
   * @param teardownBudget how long teardown may take
   * @param extensions the plugins' views of their extension points
   */
  public record Host(
      HookBus bus,
      Environment environment,
      Map<Class<?>, Object> hostServices,
      Map<String, Map<String, Object>> settings,
      Duration setupBudget,
      Duration teardownBudget,
      ExtensionViews extensions) {}

  private final PluginManifest manifest;
  private final Object provider;
  private final CapabilityAudit audit;
  private final DefaultPluginContext context;
  private final Duration teardownBudget;
  private final AtomicReference<PluginState> state = new AtomicReference<>(PluginState.REGISTERED);

  private PluginRuntime(
      PluginManifest manifest,
      Object provider,
      CapabilityAudit audit,
      DefaultPluginContext context,
      Duration teardownBudget) {
    this.manifest = manifest;
    this.provider = provider;
    this.audit = audit;
    this.context = context;
    this.teardownBudget = teardownBudget;
  }

  /**
   * Creates the plugin's context and runs its setup.
   *
   * @param host what the host shares
   * @param layer the plugin's layer
   * @param provider the plugin's provider
   * @param grants what its capabilities grant
   * @param audit its capability audit
   * @param order its registration order among the host's plugins
   * @return the runtime, set up
   * @throws PluginLoadException with {@link Rule#SETUP_FAILED} if setup throws or overruns; the
   *     plugin is torn down and released before this is thrown
   */
  public static PluginRuntime start(
      Host host,
      PluginLayer layer,
      Object provider,
      Grants grants,
      CapabilityAudit audit,
      long order) {
    PluginManifest m = layer.manifest();
    ClassLoader loader = provider.getClass().getClassLoader();
    Map<String, Object> config = new LinkedHashMap<>(m.meta());
    config.putAll(host.settings().getOrDefault(m.name(), Map.of()));
    DefaultPluginContext context =
        new DefaultPluginContext(
            new PluginInfo(m.name(), m.version().toString()),
            host.environment(),
            grants,
            host.hostServices(),
            host.bus().open(grants, loader, order),
            config,
            loader,
            layer.layer(),
            host.extensions());
    PluginRuntime runtime = new PluginRuntime(m, provider, audit, context, host.teardownBudget());
    if (provider instanceof Lifecycle lifecycle) {
      Calls.Outcome<Void> setup =
          Calls.run("setup", m.name(), loader, host.setupBudget(), () -> lifecycle.setup(context));
      if (!setup.ok()) {
        runtime.teardown();
        runtime.state.set(PluginState.FAILED);
        throw new PluginLoadException(
            m.name(),
            layer.source(),
            Rule.SETUP_FAILED,
            setup.overran()
                ? "setup did not finish within the budget of "
                    + host.setupBudget().toMillis()
                    + " ms; the thread was abandoned"
                : "setup threw " + Calls.describe(setup.thrown().orElseThrow()),
            setup.thrown().orElse(null));
      }
    }
    runtime.state.set(PluginState.SET_UP);
    return runtime;
  }

  /** Marks the plugin visible to the host. */
  public void activate() {
    state.compareAndSet(PluginState.SET_UP, PluginState.ACTIVE);
  }

  /**
   * Runs teardown (if the provider has a lifecycle) and releases the context; runs once.
   *
   * <p>A teardown that throws or overruns is logged; releasing goes on regardless.
   */
  public void teardown() {
    PluginState before = state.getAndSet(PluginState.TORN_DOWN);
    if (before == PluginState.TORN_DOWN || before == PluginState.FAILED) {
      state.set(before);
      return;
    }
    if (provider instanceof Lifecycle lifecycle) {
      Calls.Outcome<Void> teardown =
          Calls.run(
              "teardown",
              manifest.name(),
              provider.getClass().getClassLoader(),
              teardownBudget,
              () -> lifecycle.teardown(context));
      if (teardown.overran()) {
        LOG.warn(
            "Teardown of plugin {} did not finish within {} ms; unloading it anyway",
            manifest.coordinates(),
            teardownBudget.toMillis());
      } else if (!teardown.ok()) {
        LOG.warn(
            "Teardown of plugin {} failed; unloading it anyway",
            manifest.coordinates(),
            teardown.thrown().orElseThrow());
      }
    }
    if (!context.release(teardownBudget.toMillis())) {
      LOG.warn(
          "Plugin {} still runs executor or hook threads after teardown", manifest.coordinates());
    }
  }

  /**
   * Returns the plugin's state.
   *
   * @return the state
   */
  public PluginState state() {
    return state.get();
  }

  /**
   * Returns the plugin's capability audit.
   *
   * @return the audit
   */
  public CapabilityAudit audit() {
    return audit;
  }
}

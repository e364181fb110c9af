package dev.augment.core.internal.layer;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.Rule;
import dev.augment.core.internal.Calls;
import dev.augment.core.internal.plugin.Prepared;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Creates the providers a plugin's own layer declares, under a time budget: the first call into a
 * plugin's code (its static initializers and its constructor) runs here.
 */
@Api.Internal
public final class Providers {

  private Providers() {}

  /**
   * What creating the providers gave.
   *
   * @param <T> the contract type
   * @param providers the providers, when they were created
   * @param failure the failure, when they were not
   * @param cause what was thrown, if anything
   */
  public record Created<T>(List<T> providers, PluginFailure failure, Throwable cause) {
    /**
     * Tells whether the providers were created.
     *
     * @return {@code true} when there is no failure
     */
    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * Instantiates the providers of {@code contract} that the layer's own modules declare; providers
   * of parent layers are never instantiated.
   *
   * @param <T> the contract type
   * @param plugin the plugin
   * @param layer its layer
   * @param contract the contract
   * @param budget how long class initialization and construction may take, together
   * @return the providers, or a {@link Rule#PROVIDER_FAILED} failure naming the root cause or the
   *     budget
   */
  public static <T> Created<T> create(
      Prepared plugin, ModuleLayer layer, Class<T> contract, Duration budget) {
    return create(plugin, layer, contract, budget, Optional.empty());
  }

  /**
   * Instantiates the providers of {@code contract} that the layer's own modules declare, reusing
   * {@code existing} for a provider of its very class instead of creating a second instance.
   *
   * @param <T> the service type
   * @param plugin the plugin
   * @param layer its layer
   * @param contract the service type
   * @param budget how long class initialization and construction may take, together
   * @param existing an instance the plugin's layer already provides, such as its provider of the
   *     host's contract
   * @return the providers, or a {@link Rule#PROVIDER_FAILED} failure naming the root cause or the
   *     budget
   */
  public static <T> Created<T> create(
      Prepared plugin,
      ModuleLayer layer,
      Class<T> contract,
      Duration budget,
      Optional<Object> existing) {
    // augment.core cannot declare `uses` for a contract it does not know at compile time; a
    // module may add a `uses` edge to itself at run time, which is what ServiceLoader checks.
    Providers.class.getModule().addUses(contract);
    ClassLoader loader =
        layer.modules().stream().findFirst().map(Module::getClassLoader).orElse(null);
    Calls.Outcome<List<T>> outcome =
        Calls.run(
            "provider",
            plugin.name(),
            loader,
            budget,
            () ->
                ServiceLoader.load(layer, contract).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .map(
                        p ->
                            existing
                                .filter(e -> e.getClass() == p.type() && contract.isInstance(e))
                                .map(contract::cast)
                                .orElseGet(p::get))
                    .toList());
    if (outcome.overran()) {
      return new Created<>(
          List.of(),
          plugin.failure(
              Rule.PROVIDER_FAILED,
              "creating its provider of "
                  + contract.getName()
                  + " (static initializers and constructor) did not finish within the budget of "
                  + budget.toMillis()
                  + " ms; the thread was abandoned"),
          null);
    }
    if (outcome.thrown().isPresent()) {
      Throwable e = outcome.thrown().get();
      Throwable shown =
          e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
      return new Created<>(
          List.of(),
          plugin.failure(
              Rule.PROVIDER_FAILED,
              "its provider of "
                  + contract.getName()
                  + " could not be created: "
                  + Calls.describe(shown)),
          e);
    }
    return new Created<>(outcome.value().orElse(List.of()), null, null);
  }
}

package dev.augment.core.internal.layer;

import dev.augment.api.Api;
import dev.augment.core.PluginFailure;
import dev.augment.core.internal.plugin.Prepared;
import java.lang.module.ModuleDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, once per loaded layer, the providers a plugin offers to the extension points of its
 * dependencies: the services its own modules {@code provides} whose type is defined by a module of
 * one of its direct dependencies' layers.
 *
 * <p>They are created when the plugin loads, after its provider of the host's contract and before
 * its setup, each type under the provider budget; an instance of the class that already provides
 * the contract is reused. A plugin whose extension provider throws or overruns is refused like one
 * whose contract provider does, so that a view of an extension point never waits for plugin code.
 */
@Api.Internal
public final class ExtensionProviders {

  private ExtensionProviders() {}

  /**
   * What creating a plugin's extension providers gave.
   *
   * @param providers the providers by service type, in the order the types were declared
   * @param failure the failure, when one of them could not be created
   * @param cause what was thrown, if anything
   */
  public record Created(
      Map<Class<?>, List<Object>> providers, Optional<PluginFailure> failure, Throwable cause) {}

  /**
   * Creates the plugin's providers of its dependencies' service types.
   *
   * @param plugin the plugin
   * @param layer its layer
   * @param dependencies the layers of its direct dependencies
   * @param contractProvider its provider of the host's contract, reused when it is also the
   *     provider of an extension point
   * @param budget how long each type's providers may take to be created
   * @return the providers, or the first failure
   */
  public static Created create(
      Prepared plugin,
      ModuleLayer layer,
      List<ModuleLayer> dependencies,
      Object contractProvider,
      Duration budget) {
    if (dependencies.isEmpty()) {
      return new Created(Map.of(), Optional.empty(), null);
    }
    Map<Class<?>, List<Object>> out = new LinkedHashMap<>();
    for (Class<?> type : types(layer, dependencies)) {
      Providers.Created<?> created =
          Providers.create(plugin, layer, type, budget, Optional.of(contractProvider));
      if (!created.ok()) {
        return new Created(Map.of(), Optional.of(created.failure()), created.cause());
      }
      out.put(type, List.copyOf(created.providers()));
    }
    return new Created(Map.copyOf(out), Optional.empty(), null);
  }

  /** The service types the layer's modules provide that a dependency's module defines. */
  private static List<Class<?>> types(ModuleLayer layer, List<ModuleLayer> dependencies) {
    List<Class<?>> types = new ArrayList<>();
    for (Module m : layer.modules()) {
      for (ModuleDescriptor.Provides p : m.getDescriptor().provides()) {
        owner(p.service(), dependencies).filter(t -> !types.contains(t)).ifPresent(types::add);
      }
    }
    return types;
  }

  /** The class of that name in a module of one of the layers, loaded without initializing it. */
  private static Optional<Class<?>> owner(String service, List<ModuleLayer> dependencies) {
    int dot = service.lastIndexOf('.');
    String pkg = dot < 0 ? "" : service.substring(0, dot);
    for (ModuleLayer d : dependencies) {
      for (Module m : d.modules()) {
        if (m.getPackages().contains(pkg)) {
          return Optional.ofNullable(Class.forName(m, service));
        }
      }
    }
    return Optional.empty();
  }
}

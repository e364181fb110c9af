package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.internal.layer.Providers;
import dev.augment.core.internal.plugin.Prepared;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extension points owned by plugins: the providers of a service type that one plugin's modules
 * define, provided by the plugins that declared it as a dependency.
 *
 * <p>{@code ServiceLoader.load(layer, type)} searches a layer and its parents, never its children,
 * so the owner cannot find its dependents' providers by itself: they are collected here from each
 * dependent's layer, keeping only the providers that layer's own modules declare.
 */
@Api.Internal
public final class Extensions {

  private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);

  private Extensions() {}

  /**
   * Creates the providers of {@code type} that the direct dependents of its owner declare, in name
   * order, each plugin's under the provider budget; a plugin whose providers fail is skipped and
   * logged.
   *
   * @param <S> the service type
   * @param <T> the host's contract type
   * @param snapshot the registry as it is
   * @param type a type of a module of a loaded plugin
   * @param budget how long each plugin's providers may take to be created
   * @return the providers, new instances
   * @throws IllegalArgumentException if no loaded plugin's layer defines {@code type}
   */
  public static <S, T> List<S> collect(
      Registry.Snapshot<T> snapshot, Class<S> type, Duration budget) {
    ModuleLayer owner = type.getModule().getLayer();
    boolean owned =
        owner != null
            && snapshot.byName().values().stream().anyMatch(e -> e.layer().layer() == owner);
    if (!owned) {
      throw new IllegalArgumentException(
          type.getName()
              + " is not a type of a loaded plugin; extensions are the providers of a type that a"
              + " plugin's module defines, provided by the plugins that depend on it");
    }
    List<S> out = new ArrayList<>();
    for (Registry.Entry<T> e : snapshot.byName().values()) {
      ModuleLayer layer = e.layer().layer();
      if (!layer.parents().contains(owner)) {
        continue;
      }
      Providers.Created<S> created =
          Providers.create(new Prepared(e.staged(), e.plugin().manifest()), layer, type, budget);
      if (created.ok()) {
        out.addAll(created.providers());
      } else {
        LOG.warn("Skipped extensions: {}", created.failure().message());
      }
    }
    return List.copyOf(out);
  }
}

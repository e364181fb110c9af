package dev.augment.core.internal.host;

import dev.augment.api.Api;
import java.util.ArrayList;
import java.util.List;

/**
 * Extension points owned by plugins: the providers of a service type that one plugin's modules
 * define, provided by the plugins that declared it as a dependency.
 *
 * <p>{@code ServiceLoader.load(layer, type)} searches a layer and its parents, never its children,
 * so the owner cannot find its dependents' providers by itself. Each dependent's providers were
 * created from its own layer when it loaded ({@code ExtensionProviders}) and are held by its
 * registry entry; here they are only read, from one snapshot, so no plugin code runs and the same
 * instances are returned until a dependent is reloaded. The host's {@code extensions} and every
 * plugin's extension views read through here.
 */
@Api.Internal
public final class Extensions {

  private Extensions() {}

  /**
   * Returns the providers of {@code type} from the direct dependents of the plugin whose layer is
   * {@code owner}, in plugin name order.
   *
   * @param <S> the service type
   * @param <T> the host's contract type
   * @param snapshot the registry as it is
   * @param owner the owning plugin's layer
   * @param type a service type of a module of that layer
   * @return the providers, unmodifiable; empty when {@code owner} is not a layer of the snapshot
   */
  public static <S, T> List<S> of(Registry.Snapshot<T> snapshot, ModuleLayer owner, Class<S> type) {
    List<S> out = new ArrayList<>();
    for (Registry.Entry<T> e : snapshot.offering().getOrDefault(owner, List.of())) {
      List<Object> offered = e.extensions().get(type);
      if (offered != null) {
        offered.forEach(o -> out.add(type.cast(o)));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the providers of {@code type} that the direct dependents of its owner offer.
   *
   * @param <S> the service type
   * @param <T> the host's contract type
   * @param snapshot the registry as it is
   * @param type a type of a module of a plugin's layer
   * @param host the host's layer
   * @return the providers; empty when the plugin that defined {@code type} is no longer loaded
   * @throws IllegalArgumentException if {@code type} is not in a module of a layer below the host's
   *     (a type of the host, the JDK or the class path, which no plugin owns)
   */
  public static <S, T> List<S> collect(
      Registry.Snapshot<T> snapshot, Class<S> type, ModuleLayer host) {
    ModuleLayer owner = type.getModule().getLayer();
    if (owner == null || isAncestorOrSelf(owner, host)) {
      throw new IllegalArgumentException(
          type.getName()
              + " is not a type of a plugin; extensions are the providers of a type that a"
              + " plugin's module defines, provided by the plugins that depend on it");
    }
    return of(snapshot, owner, type);
  }

  private static boolean isAncestorOrSelf(ModuleLayer candidate, ModuleLayer of) {
    if (candidate == of) {
      return true;
    }
    for (ModuleLayer parent : of.parents()) {
      if (isAncestorOrSelf(candidate, parent)) {
        return true;
      }
    }
    return false;
  }
}

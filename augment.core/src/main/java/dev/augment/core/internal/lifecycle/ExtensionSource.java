package dev.augment.core.internal.lifecycle;

import dev.augment.api.Api;
import java.util.List;

/**
 * Where extension views read: the host's registry, one consistent state at a time.
 *
 * <p>Implemented by the registry (in {@code internal.host}), which this package cannot see.
 */
@Api.Internal
public interface ExtensionSource {

  /**
   * Returns the state the host holds now.
   *
   * @return the current state; the same object until the next swap
   */
  State current();

  /** One consistent state of the host's plugins. */
  @Api.Internal
  interface State {

    /**
     * Returns the providers of {@code type} that the direct dependents of the plugin whose layer is
     * {@code owner} offer in this state.
     *
     * @param <S> the service type
     * @param owner the owning plugin's layer
     * @param type a service type of a module of that layer
     * @return the providers, in plugin name order; empty when the owner is not in this state
     */
    <S> List<S> extensions(ModuleLayer owner, Class<S> type);
  }
}
